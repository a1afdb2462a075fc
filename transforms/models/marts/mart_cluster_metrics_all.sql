-- One wide row per area × framework × allocation × cluster: the metrics, the median wage and
-- the metrics the config adds (int_cluster_shares), one column each in the config's order
-- (int_added_metrics: the rules' shares, then the supply gap). A configured metric no
-- cluster has a row for still gets its column, null. The stability draws and calibration read
-- every allocation; mart_cluster_metrics is the configured one.
create or replace table mart_cluster_metrics_all as
with added as (
  pivot int_cluster_shares
  on metric in (select metric from int_added_metrics order by position)
  using first(share)
  group by area_code, vintage, framework, allocation, cluster
)
select m.area_code, m.area_name, m.vintage, m.framework, m.allocation, m.cluster,
  m.base_employment, m.projected_employment, m.change, m.pct_change, m.annual_openings,
  w.median_wage, m.high_wage_share, m.postsecondary_share,
  s.* exclude (area_code, vintage, framework, allocation, cluster),
  m.occupations, m.hshwid_share, m.middle_skill_share, m.middle_skill_openings
from mart_cluster_metrics_by_allocation m
left join int_cluster_median_wage w using (area_code, vintage, framework, allocation, cluster)
left join added s using (area_code, vintage, framework, allocation, cluster);
