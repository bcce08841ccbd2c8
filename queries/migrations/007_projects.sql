-- Key projects (重点项目): ledger uploads, each project's identity, and its reports over time.
-- Like snapshots, reports are never updated: a later batch for the same project and date
-- supersedes an earlier one, and undoing a batch only changes its state. Amounts are in 万元.
create sequence project_batch_id_seq start 1;

create table project_batches (
    batch_id    bigint primary key default nextval('project_batch_id_seq'),
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

create sequence project_id_seq start 1;

-- A project keeps its identity across uploads and years: region and 项目编号, matched after
-- folding full-width forms, case and spaces (match_key).
create table projects (
    project_id    bigint primary key default nextval('project_id_seq'),
    match_key     varchar not null unique,
    region        varchar not null,
    code          varchar not null,
    created_batch bigint not null
);

-- One row per project and date of a batch. monthly_plan is the year's planned investment month
-- by month (倒排到月), twelve amounts, or null where the ledger gives none.
create table project_reports (
    batch_id         bigint not null,
    project_id       bigint not null,
    as_of            date not null,
    year             smallint not null,
    name             varchar not null,
    nature           varchar,
    scope            varchar,
    total_investment double not null,
    annual_plan      double not null,
    invested         double not null,
    monthly_plan     double[],
    progress         varchar,
    stage            varchar,
    planned_start    date,
    actual_start     date,
    planned_finish   date,
    actual_finish    date,
    lead_unit        varchar not null,
    leader           varchar,
    problems         varchar,
    source_row       integer
);

-- Investment planned by a date: the monthly plan where given (the month of the date counted by
-- its days elapsed), else the annual plan times the share of the year elapsed by month.
create macro project_planned_to_date(monthly_plan, annual_plan, d) as
    coalesce(
        coalesce(list_sum(list_slice(monthly_plan, 1, month(d) - 1)), 0)
            + monthly_plan[month(d)] * day(d) / day(last_day(d)),
        annual_plan * (month(d) - 1 + day(d) / day(last_day(d))) / 12
    );

-- Whole calendar months from `earlier` to `later`: 0 within the same month.
create macro months_between(earlier, later) as
    (year(later) * 12 + month(later)) - (year(earlier) * 12 + month(earlier));
