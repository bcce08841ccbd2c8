-- Supervision: the light rule and ledger settings in force, and the notice ledger (督办台账).
-- Settings are kept as a history (the newest row is in force), so a ledger entry can always say
-- which rule gave it; entries are opened by evaluating a period, answered by the unit's staff
-- and closed (销号) by an administrator.
create sequence supervision_settings_id_seq start 1;

create table supervision_settings (
    id               bigint primary key default nextval('supervision_settings_id_seq'),
    changed_at       timestamp not null,
    changed_by       varchar not null,
    light_rule       varchar not null check (light_rule in ('points', 'ratio', 'milestone')),
    ratio_green      double not null,
    ratio_yellow     double not null,
    overdue_months   integer not null,
    black_list_size  integer not null,
    tier_names       varchar[] not null,
    rectify_days     integer not null
);

-- One row per evaluated month (period = its last day); periods are evaluated in order, so the
-- previous evaluated period decides whether a unit's tier goes up or starts again at 1.
create table ledger_periods (
    period     date primary key,
    run_at     timestamp not null,
    run_by     varchar not null,
    light_rule varchar not null
);

create sequence ledger_entry_id_seq start 1;

-- One entry per unit (region and lead unit) and evaluated period with at least one trigger.
create table ledger_entries (
    entry_id       bigint primary key default nextval('ledger_entry_id_seq'),
    period         date not null,
    region         varchar not null,
    lead_unit      varchar not null,
    tier           integer not null,
    tier_name      varchar not null,
    opened_at      timestamp not null,
    deadline       date not null,
    rectification  varchar,
    rectified_at   timestamp,
    rectified_by   varchar,
    closed_at      timestamp,
    closed_by      varchar,
    close_note     varchar
);

-- What opened an entry, with the figures written as they stood when the period was evaluated:
-- a later revision of the data does not rewrite the record.
create table ledger_triggers (
    entry_id     bigint not null,
    kind         varchar not null check (kind in ('red_light', 'black_list', 'unreported', 'late_report')),
    indicator_id bigint,
    indicator    varchar,
    detail       varchar not null
);
