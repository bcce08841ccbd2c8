-- Projects join the supervision loop: their light numbers are kept with the other supervision
-- settings (one stored, audited place, defaults as before), and a red project is a ledger
-- trigger naming the project. DuckDB cannot change a check constraint in place, so the
-- triggers table is rebuilt with the new kind and the project's columns.
alter table supervision_settings add column project_ratio_green double default 1.0;
alter table supervision_settings add column project_ratio_yellow double default 0.5;
alter table supervision_settings add column project_overdue_months integer default 3;

create table ledger_triggers_new (
    entry_id     bigint not null,
    kind         varchar not null check (
        kind in ('red_light', 'black_list', 'unreported', 'late_report', 'project_red')
    ),
    indicator_id bigint,
    indicator    varchar,
    detail       varchar not null,
    project_id   bigint,
    project      varchar
);

insert into ledger_triggers_new (entry_id, kind, indicator_id, indicator, detail)
select entry_id, kind, indicator_id, indicator, detail from ledger_triggers;

drop table ledger_triggers;

alter table ledger_triggers_new rename to ledger_triggers;
