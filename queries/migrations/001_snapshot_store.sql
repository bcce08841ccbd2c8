-- Upload batches and the snapshot rows they carry. Rows are never updated: a later batch for the
-- same indicator and date supersedes an earlier one, and undoing a batch only changes its state.
create table meta (
    key   varchar primary key,
    value varchar not null
);

create sequence batch_id_seq start 1;

create table batches (
    batch_id    bigint primary key default nextval('batch_id_seq'),
    uploaded_at timestamp not null,
    uploaded_by varchar not null,
    file_name   varchar not null,
    sha256      varchar not null,
    row_count   integer not null,
    state       varchar not null default 'stored' check (state in ('stored', 'undone')),
    undone_at   timestamp,
    undone_by   varchar,
    original    blob
);

create sequence indicator_id_seq start 1;

-- An indicator keeps its identity across uploads and years: region, task and indicator name,
-- matched after folding full-width forms, case and spaces (match_key).
create table indicators (
    indicator_id  bigint primary key default nextval('indicator_id_seq'),
    match_key     varchar not null unique,
    region        varchar not null,
    task          varchar not null,
    indicator     varchar not null,
    unit          varchar not null,
    direction     varchar not null check (direction in ('higher', 'lower')),
    created_batch bigint not null
);

-- valid_to: the row is in force from as_of until valid_to (exclusive), the date the next effective
-- snapshot of the same indicator and year takes over, or the first day of the next year. A row
-- superseded by a later batch for the same date, or of an undone batch, has valid_to = as_of and
-- is never in force. The status as of a date is then the rows in force on that date: a filter,
-- not an aggregation over the history, so its cost follows the number of indicators. Ingest and
-- undo keep it current (queries/refresh_validity.sql); values are never changed.
create table snapshots (
    batch_id      bigint not null,
    indicator_id  bigint not null,
    as_of         date not null,
    year          smallint not null,
    annual_target double not null,
    actual        double not null,
    planned       double,
    task_code     varchar,
    lead_unit     varchar,
    leader        varchar,
    category      varchar,
    area          varchar,
    progress_note varchar,
    problems      varchar,
    next_steps    varchar,
    source_row    integer,
    valid_to      date not null
);

insert into meta values ('data_version', '0');
