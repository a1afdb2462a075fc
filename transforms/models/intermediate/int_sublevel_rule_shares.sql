-- Each rule's share of a sub-level's openings that are in occupations the rule flags, as the
-- clusters have it (mart_cluster_rule_shares): a row per sub-level and rule, named by the column
-- it becomes in tmp_sublevel_metrics (<rule>_share). Every rule in one pass over the occupations'
-- rule rows (a correlated subquery per rule made DuckDB join them once per rule: 7 s at 1,000
-- areas with three rules). A rule no sub-level reaches keeps a row with no keys, so its column
-- is there whatever the data.
create or replace view int_sublevel_rule_shares as
with allocated as (
  select s.area_code, s.vintage, s.framework, s.cluster, s.sublevel, f.rule, f.flag,
    cast(s.weight * s.annual_openings as decimal(38, 6)) as openings
  from mart_sublevel_occupations s
  join mart_occupation_rules f
    on f.area_code = s.area_code and f.vintage = s.vintage and f.soc_code = s.soc_code
),
shares as (
  select area_code, vintage, framework, cluster, sublevel, rule,
    cast(coalesce(sum(openings) filter (where flag), 0) / nullif(sum(openings), 0) as double)
      as share
  from allocated
  group by all
)
select s.area_code, s.vintage, s.framework, s.cluster, s.sublevel, r.rule || '_share' as metric,
  s.share
from (select distinct rule from mart_occupation_rules) r
left join shares s using (rule);
