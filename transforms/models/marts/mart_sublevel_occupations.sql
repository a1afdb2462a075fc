-- Each occupation's weight in each sub-level of its cluster: pathways (legacy 16) or sub-clusters
-- (2024). The occupation's cluster weight under the run's allocation is shared equally among the
-- (crosswalk code, sub-level) pairs that put it in that cluster, so a cluster's sub-levels add up
-- to the cluster exactly, whatever the allocation.
--
-- Those shares depend only on the framework, the cluster and the crosswalk codes (via_codes) that
-- put the occupation there, never on the area, so they are worked out once per distinct
-- combination (a few thousand) rather than once per occupation of every area (1.4 million at
-- 1,000 areas). Each sub-level's share adds up copies of one value, 1/pairs, so its sum does
-- not depend on the order they are added in.
create or replace table mart_sublevel_occupations as
with paths as (
  select distinct framework, cluster, via_codes
  from mart_occupations
  where cluster <> '(unmapped)' and allocation_weight > 0
),
via as (
  select framework, cluster, via_codes, unnest(string_split(via_codes, ';')) as via_code
  from paths
),
pairs as (
  select distinct v.framework, v.cluster, v.via_codes, v.via_code,
    coalesce(x.sublevel, '(no sub-level)') as sublevel
  from via v
  join raw_crosswalk x
    on x.framework = v.framework and x.soc_code = v.via_code and x.cluster = v.cluster
),
shares as (
  select framework, cluster, via_codes, sublevel, sum(share) as share
  from (
    select *, 1.0 / count(*) over (partition by framework, cluster, via_codes) as share
    from pairs
  )
  group by all
)
select
  m.area_code,
  m.area_name,
  m.vintage,
  m.framework,
  m.cluster,
  s.sublevel,
  m.soc_code,
  m.allocation_weight * s.share as weight,
  m.base_employment,
  m.projected_employment,
  m.annual_openings,
  m.median_wage,
  m.high_wage,
  m.postsecondary,
  m.education
from mart_occupations m
join shares s using (framework, cluster, via_codes)
where m.cluster <> '(unmapped)' and m.allocation_weight > 0;

-- Sub-level metrics, defined as the cluster metrics are (mart_cluster_metrics.sql), summed as
-- DECIMAL so reruns give byte-identical tables.
create or replace table mart_sublevel_metrics as
with weighted as (
  select
    *,
    cast(weight * base_employment as decimal(38, 6)) as w_base,
    cast(weight * projected_employment as decimal(38, 6)) as w_projected,
    cast(weight * annual_openings as decimal(38, 6)) as w_openings
  from mart_sublevel_occupations
)
select
  area_code,
  any_value(area_name) as area_name,
  vintage,
  framework,
  cluster,
  sublevel,
  cast(sum(w_base) as double) as base_employment,
  cast(sum(w_projected) as double) as projected_employment,
  cast(sum(w_projected) - sum(w_base) as double) as change,
  cast(100 * (sum(w_projected) - sum(w_base)) / nullif(sum(w_base), 0) as double) as pct_change,
  cast(sum(w_openings) as double) as annual_openings,
  cast(
    coalesce(sum(w_openings) filter (where high_wage), 0)
    / nullif(sum(w_openings) filter (where median_wage is not null), 0) as double
  ) as high_wage_share,
  cast(
    coalesce(sum(w_openings) filter (where postsecondary), 0)
    / nullif(sum(w_openings) filter (where education is not null), 0) as double
  ) as postsecondary_share,
  cast(count(*) as integer) as occupations
from weighted
group by area_code, vintage, framework, cluster, sublevel;
