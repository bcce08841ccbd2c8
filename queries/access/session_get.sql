-- The session behind a token; no row when the token was never issued.
select username, signed_in_at, last_seen, ended_at, ended_because
from sessions
where token_sha256 = $token_sha256
