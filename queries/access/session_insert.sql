insert into sessions (token_sha256, username, signed_in_at, last_seen)
values ($token_sha256, $username, $now, $now)
