-- The framework bridge: where each legacy cluster's base-year jobs land in the 2024 framework.
-- Split weights whatever the run's allocation, so an occupation's jobs are shared among its
-- cluster pairs and each legacy cluster's row adds up to its mapped employment (100%); jobs the
-- 2024 crosswalk does not reach are kept under '(unmapped)'. Built only when both frameworks run.
--
-- mart_occupations' rows of the two frameworks, paired by occupation: a code's clusters and
-- weights do not depend on the area, so the pairs are made per code from the crosswalk
-- assignments (as mart_occupations joins them) and then spread over each area's occupations,
-- instead of joining a million rows of one framework to a million of the other. Each legacy
-- cluster's total is a group joined back, not a window (DuckDB's window costs a few ms here).
create or replace table mart_framework_bridge as
with legacy as (
  select soc_code, cluster, weight_split
  from int_occupation_clusters
  where framework = 'legacy16' and cluster <> '(unmapped)' and weight_split > 0
),
modern as (
  select o.soc_code, coalesce(c.cluster, '(unmapped)') as cluster,
    case
      when coalesce(c.cluster, '(unmapped)') = '(unmapped)' then 1.0
      else coalesce(c.weight_split, 0)
    end as weight
  from (select distinct soc_code from int_projections) o
  left join int_occupation_clusters c on c.framework = 'acte2024' and c.soc_code = o.soc_code
),
code_pairs as (
  select l.soc_code, l.cluster as from_cluster, m.cluster as to_cluster, l.weight_split, m.weight
  from legacy l
  join modern m using (soc_code)
  where m.weight > 0
),
pairs as (
  select p.area_code, p.vintage, c.from_cluster, c.to_cluster,
    sum(cast(p.base_employment * c.weight_split * c.weight as decimal(38, 6))) as exact
  from int_projections p
  join stg_areas a on a.area_code = p.area_code and a.vintage = p.vintage
  join code_pairs c using (soc_code)
  group by all
)
select
  p.area_code,
  p.vintage,
  'legacy16' as from_framework,
  p.from_cluster,
  'acte2024' as to_framework,
  p.to_cluster,
  cast(p.exact as double) as employment,
  -- The total in DECIMAL too: a sum of doubles in whatever order the threads add them changed
  -- the last digit from run to run.
  cast(p.exact as double) / cast(t.total as double) as share
from pairs p
join (select area_code, vintage, from_cluster, sum(exact) as total from pairs group by all) t
  using (area_code, vintage, from_cluster)
order by p.area_code, p.vintage, p.from_cluster, p.to_cluster;
