-- Signed-in sessions, so that a browser refresh keeps one and a sign-out, a disabled account or a
-- password reset ends it at once. The browser holds a random token in a cookie; only its SHA-256
-- is kept here, so a copy of the store gives no live session.
create table sessions (
    token_sha256  varchar primary key,
    username      varchar not null,
    signed_in_at  timestamp not null,
    last_seen     timestamp not null,
    ended_at      timestamp,
    ended_because varchar
);
