-- The framework bridge: where each legacy cluster's base-year jobs land in the 2024 framework.
-- Split weights whatever the run's allocation, so an occupation's jobs are shared among its
-- cluster pairs and each legacy cluster's row adds up to its mapped employment (100%); jobs the
-- 2024 crosswalk does not reach are kept under '(unmapped)'. Built only when both frameworks run.
create or replace table mart_framework_bridge as
with legacy as (
  select area_code, vintage, soc_code, cluster, weight_split, base_employment
  from mart_occupations
  where framework = 'legacy16' and cluster <> '(unmapped)' and weight_split > 0
),
modern as (
  select area_code, vintage, soc_code, cluster,
    case when cluster = '(unmapped)' then 1.0 else weight_split end as weight
  from mart_occupations
  where framework = 'acte2024'
),
pairs as (
  select l.area_code, l.vintage, l.cluster as from_cluster, m.cluster as to_cluster,
    sum(cast(l.base_employment * l.weight_split * m.weight as decimal(38, 6))) as exact
  from legacy l
  join modern m using (area_code, vintage, soc_code)
  where m.weight > 0
  group by all
)
select
  area_code,
  vintage,
  'legacy16' as from_framework,
  from_cluster,
  'acte2024' as to_framework,
  to_cluster,
  cast(exact as double) as employment,
  -- The total in DECIMAL too: a sum of doubles in whatever order the threads add them changed
  -- the last digit from run to run.
  cast(exact as double)
    / cast(sum(exact) over (partition by area_code, vintage, from_cluster) as double) as share
from pairs
order by area_code, vintage, from_cluster, to_cluster;
