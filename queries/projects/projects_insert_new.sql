-- Projects of batch $batch_id (frame `incoming`) not known before, one per match key, keeping the
-- region and 项目编号 as first written.
insert into projects (match_key, region, code, created_batch)
select match_key, arg_min(region, source_row), arg_min(code, source_row), $batch_id
from incoming
where match_key not in (select match_key from projects)
group by match_key
order by min(source_row)
