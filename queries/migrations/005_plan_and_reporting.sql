-- The year's plan (年度任务清单) and the reporting calendar.
-- A plan is saved whole as a version; a later version of the same year takes over from its
-- effective_from date (调整目标), so status before that date still reads the earlier targets.
-- Versions are never changed or deleted: the history of the plan is the list of versions.
create sequence plan_version_id_seq start 1;

create table plan_versions (
    version_id     bigint primary key default nextval('plan_version_id_seq'),
    year           smallint not null,
    effective_from date not null,
    reason         varchar not null default '',
    saved_at       timestamp not null,
    saved_by       varchar not null,
    file_name      varchar not null default '',
    original       blob
);

-- One row per indicator of a plan version. The plan defines the indicator's identity: the
-- indicator row is created when the plan names one that was never reported.
create table plan_items (
    version_id        bigint not null,
    indicator_id      bigint not null,
    item_no           integer not null,
    task_code         varchar,
    task              varchar not null,
    indicator         varchar not null,
    unit              varchar not null,
    kind              varchar not null
        check (kind in ('cumulative', 'period_end', 'ceiling', 'milestone')),
    direction         varchar not null check (direction in ('higher', 'lower')),
    annual_target     double,
    lead_unit         varchar not null,
    cooperating_units varchar,
    leader            varchar,
    contact           varchar,
    category          varchar,
    area              varchar,
    region            varchar not null,
    frequency         varchar not null check (frequency in ('weekly', 'monthly', 'quarterly')),
    -- planned cumulative value at each month end of the year (倒排工期), null where not planned
    planned_by_month  double[12],
    primary key (version_id, indicator_id)
);

-- Dated milestones (节点) of a plan item.
create table plan_milestones (
    version_id   bigint not null,
    indicator_id bigint not null,
    name         varchar not null,
    due          date not null
);

-- Days a bureau adds to the national holiday calendar: an extra day off or a make-up working day.
create table calendar_days (
    day        date primary key,
    is_workday boolean not null,
    note       varchar not null default '',
    added_by   varchar not null,
    added_at   timestamp not null
);

-- An indicator a plan names before any report has no creating batch.
alter table indicators alter column created_batch drop not null;
