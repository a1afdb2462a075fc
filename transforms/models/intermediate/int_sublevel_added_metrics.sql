-- The sub-level metrics the config adds (int_added_metrics), one row per sub-level and metric,
-- which tmp_sublevel_metrics pivots into columns: each rule's share of a sub-level's openings
-- that are in occupations the rule flags, as the clusters have it (mart_cluster_rule_shares),
-- and, with a supply key, the supply gap (int_sublevel_supply_gap). Every rule in one pass over
-- the occupations' rule rows (a correlated subquery per rule made DuckDB join them once per
-- rule: 7 s at 1,000 areas with three rules).
create or replace view int_sublevel_added_metrics as
with allocated as (
  select s.area_code, s.vintage, s.framework, s.cluster, s.sublevel, f.rule, f.flag,
    cast(s.weight * s.annual_openings as decimal(38, 6)) as openings
  from mart_sublevel_occupations s
  join mart_occupation_rules f
    on f.area_code = s.area_code and f.vintage = s.vintage and f.soc_code = s.soc_code
)
select area_code, vintage, framework, cluster, sublevel, rule || '_share' as metric,
  cast(coalesce(sum(openings) filter (where flag), 0) / nullif(sum(openings), 0) as double)
    as share
from allocated
group by area_code, vintage, framework, cluster, sublevel, rule
union all
select area_code, vintage, framework, cluster, sublevel, 'supply_gap_share', supply_gap_share
from int_sublevel_supply_gap;
