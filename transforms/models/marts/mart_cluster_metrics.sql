-- Cluster metrics per area × framework under every allocation policy (the stability analysis
-- draws across them); the configured policy's rows are the run's result. Allocated figures are
-- summed as DECIMAL so totals do not depend on the order DuckDB's threads add them in: reruns
-- give byte-identical tables. Every cluster of the framework gets a row, even one no occupation
-- reaches.
create or replace table mart_cluster_metrics_by_allocation as
with allocations as (
  select * from (values ('split'), ('full'), ('primary')) as a(allocation)
),
o as (
  select
    m.*,
    a.allocation,
    case a.allocation
      when 'split' then m.weight_split
      when 'full' then m.weight_full
      else m.weight_primary
    end as w
  from mart_occupations m
  cross join allocations a
  where m.cluster <> '(unmapped)'
),
weighted as (
  select
    *,
    cast(w * base_employment as decimal(38, 6)) as w_base,
    cast(w * projected_employment as decimal(38, 6)) as w_projected,
    cast(w * annual_openings as decimal(38, 6)) as w_openings
  from o
  where w > 0
),
grid as (
  select a.area_code, a.area_name, a.vintage, c.framework, c.cluster, l.allocation
  from stg_areas a cross join ref_framework_clusters c cross join allocations l
)
select
  g.area_code,
  g.area_name,
  g.vintage,
  g.framework,
  g.allocation,
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
left join weighted o using (area_code, vintage, framework, cluster, allocation)
group by all;

-- Each rule's share of a cluster's openings that are in flagged occupations, per allocation.
create or replace table mart_cluster_rule_shares as
with weights as (
  select m.area_code, m.vintage, m.framework, m.cluster, m.soc_code, m.annual_openings, a.allocation,
    case a.allocation
      when 'split' then m.weight_split
      when 'full' then m.weight_full
      else m.weight_primary
    end as w
  from mart_occupations m
  cross join (values ('split'), ('full'), ('primary')) as a(allocation)
  where m.cluster <> '(unmapped)'
)
select
  w.area_code,
  w.vintage,
  w.framework,
  w.allocation,
  w.cluster,
  r.rule,
  cast(
    coalesce(sum(cast(w.w * w.annual_openings as decimal(38, 6))) filter (where r.flag), 0)
    / nullif(sum(cast(w.w * w.annual_openings as decimal(38, 6))), 0) as double
  ) as openings_share,
  cast(count(*) filter (where r.flag and w.w > 0) as integer) as flagged_occupations
from weights w
join mart_occupation_rules r using (area_code, vintage, soc_code)
where w.w > 0
group by all;
