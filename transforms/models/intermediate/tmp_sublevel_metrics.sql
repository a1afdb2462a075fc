-- Every sub-level's metrics as the score reads them and mart_sublevels publishes them, named by
-- its area's and its path's numbers (area_id, path_id): the sums (mart_sublevel_metrics), the
-- employment-weighted median wage the sublevels step computes in TypeScript
-- (tmp_sublevel_group_medians, by area and path), and the metrics the config
-- adds, one column each in the config's order (int_added_metrics), as mart_cluster_metrics_all
-- has them. A configured metric no sub-level has a row for still gets its column, null.
create or replace temp table tmp_sublevel_metrics as
select
  a.area_id,
  p.path_id,
  m.area_code,
  m.area_name,
  m.vintage,
  m.framework,
  m.cluster,
  m.sublevel,
  m.base_employment,
  m.projected_employment,
  m.change,
  m.pct_change,
  m.annual_openings,
  w.median_wage,
  m.high_wage_share,
  m.postsecondary_share,
  r.* exclude (area_code, vintage, framework, cluster, sublevel),
  m.occupations,
  m.hshwid_share,
  m.middle_skill_share,
  m.middle_skill_openings
from mart_sublevel_metrics m
join tmp_cluster_areas a using (area_code, vintage)
join (select distinct path_id, framework, cluster, sublevel from tmp_sublevel_paths) p
  using (framework, cluster, sublevel)
left join tmp_sublevel_group_medians w using (area_id, path_id)
left join (
  pivot int_sublevel_added_metrics
  on metric in (select metric from int_added_metrics order by position)
  using first(share)
  group by area_code, vintage, framework, cluster, sublevel
) r using (area_code, vintage, framework, cluster, sublevel);
