-- One wide row per area × framework × allocation × cluster: the metrics, the median wage and
-- the metrics the config adds (shares), one column each in the config's order
-- (int_added_metrics: the rules' shares, then the supply gap). A configured metric no
-- cluster has a row for still gets its column, null. The stability draws and calibration read
-- every allocation; mart_cluster_metrics is the configured one.
--
-- The supply gap of each cluster (mart_supply_gap), computed under the configured allocation,
-- stands for every allocation the stability draws try; it is empty without a supply key
-- (run_settings.supply), when the supply stage did not run and mart_supply_gap does not exist. A
-- query that names a table which may not exist cannot be bound, so it is chosen as text:
-- reads: mart_supply_gap
set variable mart_cluster_supply_gap = (
  select case when supply
    then 'select area_code, vintage, framework, cluster, supply_gap_share from mart_supply_gap'
    else 'select null::varchar as area_code, null::varchar as vintage, null::varchar as framework,
      null::varchar as cluster, null::double as supply_gap_share where false'
  end
  from run_settings
);

create or replace table mart_cluster_metrics_all as
with
-- The employment-weighted median wage of every cluster under every allocation, computed in
-- TypeScript (pipeline/stages/score.ts: weightedMedian adds the jobs in one fixed order, which a
-- parallel SQL aggregate does not promise) and written by area and cluster number into
-- int_cluster_median_wage_groups.
median_wage as (
  select r.area_code, r.vintage, c.framework, a.allocation, c.cluster,
    case a.allocation when 'split' then w.split when 'full' then w."full" else w."primary" end
      as median_wage
  from int_cluster_median_wage_groups w
  join tmp_cluster_areas r using (area_id)
  join tmp_cluster_ids c using (cluster_id)
  cross join (values ('split'), ('full'), ('primary')) as a(allocation)
),
-- The added metrics, one row per cluster, allocation and metric: each configured rule's
-- `<id>_share` (mart_cluster_rule_shares) and, with a supply key, `supply_gap_share`.
shares as (
  select area_code, vintage, framework, allocation, cluster, rule || '_share' as metric,
    openings_share as share
  from mart_cluster_rule_shares
  union all
  select g.area_code, g.vintage, g.framework, a.allocation, g.cluster, 'supply_gap_share',
    g.supply_gap_share
  from query(getvariable('mart_cluster_supply_gap')) g
  cross join (values ('split'), ('full'), ('primary')) as a(allocation)
),
added as (
  pivot shares
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
left join median_wage w using (area_code, vintage, framework, allocation, cluster)
left join added s using (area_code, vintage, framework, allocation, cluster);
