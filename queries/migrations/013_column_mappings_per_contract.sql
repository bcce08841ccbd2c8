-- Column mappings are remembered per kind of upload (contract): progress sheets ('snapshot')
-- and project ledgers ('project') name different fields, and a unit may send both with its own
-- headers. The mappings remembered so far were all for progress sheets.
create table column_mappings_per_contract (
    contract   varchar not null,
    unit       varchar not null,
    header     varchar not null,
    field      varchar not null,
    updated_at timestamp not null,
    primary key (contract, unit, header)
);

insert into column_mappings_per_contract
select 'snapshot', unit, header, field, updated_at
from column_mappings;

drop table column_mappings;

alter table column_mappings_per_contract rename to column_mappings;
