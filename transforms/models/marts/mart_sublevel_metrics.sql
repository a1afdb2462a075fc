-- Sub-level metrics, defined as the cluster metrics are (mart_cluster_metrics_by_allocation.sql),
-- summed as DECIMAL so reruns give byte-identical tables (each figure rounded to DECIMAL(18, 6), as
-- there).
create or replace table mart_sublevel_metrics as
with sums as (
  select
    area_id,
    path_id,
    sum(w_base) as base,
    sum(w_projected) as projected,
    sum(w_openings) as openings,
    sum(w_openings) filter (where high_wage) as high_wage,
    sum(w_openings) filter (where waged) as waged,
    sum(w_openings) filter (where postsecondary) as postsecondary,
    sum(w_openings) filter (where educated) as educated,
    sum(w_openings) filter (where hshwid) as hshwid,
    sum(w_openings) filter (where waged and educated) as decided,
    sum(w_openings) filter (where middle_skill) as middle_skill,
    count(*) as occupations
  from tmp_sublevel_facts
  group by area_id, path_id
)
select
  a.area_code,
  a.area_name,
  a.vintage,
  p.framework,
  p.cluster,
  p.sublevel,
  cast(s.base as double) as base_employment,
  cast(s.projected as double) as projected_employment,
  cast(s.projected - s.base as double) as change,
  cast(100 * (s.projected - s.base) / nullif(s.base, 0) as double) as pct_change,
  cast(s.openings as double) as annual_openings,
  cast(coalesce(s.high_wage, 0) / nullif(s.waged, 0) as double) as high_wage_share,
  cast(coalesce(s.postsecondary, 0) / nullif(s.educated, 0) as double) as postsecondary_share,
  cast(s.occupations as integer) as occupations,
  cast(coalesce(s.hshwid, 0) / nullif(s.decided, 0) as double) as hshwid_share,
  cast(coalesce(s.middle_skill, 0) / nullif(s.educated, 0) as double) as middle_skill_share,
  coalesce(cast(s.middle_skill as double), 0) as middle_skill_openings
from sums s
join tmp_cluster_areas a using (area_id)
join (select distinct path_id, framework, cluster, sublevel from tmp_sublevel_paths) p
  using (path_id);
