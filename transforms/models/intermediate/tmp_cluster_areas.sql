-- Each area × vintage numbered in key order (area_id), with the thresholds of its high-skill,
-- high-wage, in-demand test (run_settings: a null threshold is the area's own all-occupation
-- figure, int_area_context). tmp_cluster_facts names a cluster's area by this number.
-- Temporary: computed once for the score stage (and again when a finished run's database is
-- read, transforms/run-models.ts ensureTemporary) instead of each reader grouping and sorting
-- 1.4 million rows (at 1,000 areas) by four text keys.
create or replace temp table tmp_cluster_areas as
select row_number() over (order by s.area_code, s.vintage) - 1 as area_id, s.area_code, s.vintage,
  s.area_name, s.area_median_wage,
  s.area_median_wage * r.hshwid_wage_share as hshwid_min_wage,
  coalesce(r.hshwid_min_pct_change, c.area_pct_change) as hshwid_min_pct_change,
  coalesce(r.hshwid_min_openings, c.area_mean_openings) as hshwid_min_openings
from stg_areas s
left join int_area_context c using (area_code, vintage)
cross join run_settings r;
