-- Accounts, the audit log, and each unit's own column headers.
-- Passwords are kept only as argon2 hashes. Lockout state lives on the account row so that a
-- sign-in needs one row, not a scan of the log.
create table users (
    username        varchar primary key,
    display_name    varchar not null default '',
    role            varchar not null check (role in ('viewer', 'staff', 'admin')),
    units           varchar[] not null default [],
    password_hash   varchar not null,
    disabled        boolean not null default false,
    created_at      timestamp not null,
    updated_at      timestamp not null,
    failed_attempts integer not null default 0,
    first_failed_at timestamp,
    locked_until    timestamp,
    last_sign_in    timestamp
);

-- Append-only: the application inserts rows and reads them; nothing updates or deletes them.
-- "at" is quoted because at is a keyword in DuckDB 2 (at time zone).
create sequence audit_log_id_seq start 1;

create table audit_log (
    id     bigint primary key default nextval('audit_log_id_seq'),
    "at"   timestamp not null,
    actor  varchar not null,
    action varchar not null,
    detail varchar not null default ''
);

create table column_mappings (
    unit       varchar not null,
    header     varchar not null,
    field      varchar not null,
    updated_at timestamp not null,
    primary key (unit, header)
);
