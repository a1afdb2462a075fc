-- Cluster metrics per area × framework. Allocated figures are summed as DECIMAL so the totals do
-- not depend on the order DuckDB's threads add them in: reruns give byte-identical tables.
-- Every cluster of the framework gets a row, even one no occupation reaches.
create or replace table mart_cluster_metrics as
with o as (
  select
    *,
    cast(allocation_weight * base_employment as decimal(38, 6)) as w_base,
    cast(allocation_weight * projected_employment as decimal(38, 6)) as w_projected,
    cast(allocation_weight * annual_openings as decimal(38, 6)) as w_openings
  from mart_occupations
  where cluster <> '(unmapped)' and allocation_weight > 0
),
grid as (
  select a.area_code, a.area_name, a.vintage, c.framework, c.cluster
  from stg_areas a cross join ref_framework_clusters c
)
select
  g.area_code,
  g.area_name,
  g.vintage,
  g.framework,
  g.cluster,
  coalesce(cast(sum(o.w_base) as double), 0) as base_employment,
  coalesce(cast(sum(o.w_projected) as double), 0) as projected_employment,
  coalesce(cast(sum(o.w_projected) - sum(o.w_base) as double), 0) as change,
  cast(100 * (sum(o.w_projected) - sum(o.w_base)) / nullif(sum(o.w_base), 0) as double) as pct_change,
  coalesce(cast(sum(o.w_openings) as double), 0) as annual_openings,
  cast(
    coalesce(sum(o.w_openings) filter (where o.high_wage), 0)
    / nullif(sum(o.w_openings) filter (where o.median_wage is not null), 0) as double
  ) as high_wage_share,
  cast(
    coalesce(sum(o.w_openings) filter (where o.postsecondary), 0)
    / nullif(sum(o.w_openings) filter (where o.education is not null), 0) as double
  ) as postsecondary_share,
  cast(count(o.soc_code) as integer) as occupations
from grid g
left join o using (area_code, vintage, framework, cluster)
group by all;
