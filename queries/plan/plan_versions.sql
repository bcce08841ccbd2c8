-- Every version of $year's plan, newest first, with how many indicators it holds.
select
    v.version_id, v.year, v.effective_from, v.reason, v.saved_at, v.saved_by, v.file_name,
    count(p.indicator_id) as indicators
from plan_versions v
left join plan_items p using (version_id)
where v.year = $year
group by all
order by v.version_id desc
