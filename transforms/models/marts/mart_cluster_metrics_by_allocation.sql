-- Cluster metrics per area × framework under every allocation policy (the stability analysis
-- draws across them); the configured policy's rows are the run's result. Allocated figures are
-- summed as DECIMAL so totals do not depend on the order DuckDB's threads add them in: reruns
-- give byte-identical tables. Every cluster of the framework gets a row, even one no occupation
-- reaches.
--
-- One pass over the occupations (tmp_cluster_facts, mart_occupations' mapped rows) sums all three
-- policies side by side (an occupation counts under a policy when its weight there is above 0),
-- and the three are then stacked: 1.4 million rows at 1,000 areas, where crossing them with the
-- policies first grouped 4.3 million. Each allocated figure is rounded to DECIMAL(18, 6) (to the
-- millionth of a job, as DECIMAL(38, 6) rounds it: a trillion jobs fit) and summed into
-- DECIMAL(38, 6).
create or replace table mart_cluster_metrics_by_allocation as
with o as (
  select
    area_id, cluster_id, high_wage, waged, postsecondary, educated, hshwid, middle_skill,
    weight_split > 0 as in_split,
    cast(cast(weight_split as double) * base_employment as decimal(18, 6)) as base_split,
    cast(cast(weight_split as double) * projected_employment as decimal(18, 6)) as projected_split,
    cast(cast(weight_split as double) * annual_openings as decimal(18, 6)) as openings_split,
    weight_full > 0 as in_full,
    cast(cast(weight_full as double) * base_employment as decimal(18, 6)) as base_full,
    cast(cast(weight_full as double) * projected_employment as decimal(18, 6)) as projected_full,
    cast(cast(weight_full as double) * annual_openings as decimal(18, 6)) as openings_full,
    weight_primary > 0 as in_primary,
    cast(cast(weight_primary as double) * base_employment as decimal(18, 6)) as base_primary,
    cast(cast(weight_primary as double) * projected_employment as decimal(18, 6)) as projected_primary,
    cast(cast(weight_primary as double) * annual_openings as decimal(18, 6)) as openings_primary
  from tmp_cluster_facts
),
sums as (
  select
    area_id, cluster_id,
    sum(base_split) filter (where in_split) as base_split,
    sum(projected_split) filter (where in_split) as projected_split,
    sum(openings_split) filter (where in_split) as openings_split,
    sum(openings_split) filter (where in_split and high_wage) as high_wage_split,
    sum(openings_split) filter (where in_split and waged) as waged_split,
    sum(openings_split) filter (where in_split and postsecondary) as postsecondary_split,
    sum(openings_split) filter (where in_split and educated) as educated_split,
    sum(openings_split) filter (where in_split and hshwid) as hshwid_split,
    sum(openings_split) filter (where in_split and waged and educated) as decided_split,
    sum(openings_split) filter (where in_split and middle_skill) as middle_skill_split,
    count(*) filter (where in_split) as occupations_split,
    sum(base_full) filter (where in_full) as base_full,
    sum(projected_full) filter (where in_full) as projected_full,
    sum(openings_full) filter (where in_full) as openings_full,
    sum(openings_full) filter (where in_full and high_wage) as high_wage_full,
    sum(openings_full) filter (where in_full and waged) as waged_full,
    sum(openings_full) filter (where in_full and postsecondary) as postsecondary_full,
    sum(openings_full) filter (where in_full and educated) as educated_full,
    sum(openings_full) filter (where in_full and hshwid) as hshwid_full,
    sum(openings_full) filter (where in_full and waged and educated) as decided_full,
    sum(openings_full) filter (where in_full and middle_skill) as middle_skill_full,
    count(*) filter (where in_full) as occupations_full,
    sum(base_primary) filter (where in_primary) as base_primary,
    sum(projected_primary) filter (where in_primary) as projected_primary,
    sum(openings_primary) filter (where in_primary) as openings_primary,
    sum(openings_primary) filter (where in_primary and high_wage) as high_wage_primary,
    sum(openings_primary) filter (where in_primary and waged) as waged_primary,
    sum(openings_primary) filter (where in_primary and postsecondary) as postsecondary_primary,
    sum(openings_primary) filter (where in_primary and educated) as educated_primary,
    sum(openings_primary) filter (where in_primary and hshwid) as hshwid_primary,
    sum(openings_primary) filter (where in_primary and waged and educated) as decided_primary,
    sum(openings_primary) filter (where in_primary and middle_skill) as middle_skill_primary,
    count(*) filter (where in_primary) as occupations_primary
  from o
  group by area_id, cluster_id
),
grid as (
  select a.area_id, a.area_code, a.area_name, a.vintage, c.framework, c.cluster, i.cluster_id
  from tmp_cluster_areas a
  cross join ref_framework_clusters c
  join tmp_cluster_ids i using (framework, cluster)
),
-- The three policies' sums as rows. INCLUDE NULLS: without it a policy's row goes when any of
-- its sums is NULL (a cluster with openings but no wages).
stacked as (
  select * from sums unpivot include nulls (
    (base, projected, openings, high_wage, waged, postsecondary, educated, hshwid, decided,
      middle_skill, occupations)
    for allocation in (
      (base_split, projected_split, openings_split, high_wage_split, waged_split,
        postsecondary_split, educated_split, hshwid_split, decided_split, middle_skill_split,
        occupations_split) as split,
      (base_full, projected_full, openings_full, high_wage_full, waged_full, postsecondary_full,
        educated_full, hshwid_full, decided_full, middle_skill_full, occupations_full) as "full",
      (base_primary, projected_primary, openings_primary, high_wage_primary, waged_primary,
        postsecondary_primary, educated_primary, hshwid_primary, decided_primary,
        middle_skill_primary, occupations_primary) as "primary"
    )
  )
)
select g.area_code, g.area_name, g.vintage, g.framework, p.allocation, g.cluster,
  coalesce(cast(s.base as double), 0) as base_employment,
  coalesce(cast(s.projected as double), 0) as projected_employment,
  coalesce(cast(s.projected - s.base as double), 0) as change,
  cast(100 * (s.projected - s.base) / nullif(s.base, 0) as double) as pct_change,
  coalesce(cast(s.openings as double), 0) as annual_openings,
  cast(coalesce(s.high_wage, 0) / nullif(s.waged, 0) as double) as high_wage_share,
  cast(coalesce(s.postsecondary, 0) / nullif(s.educated, 0) as double) as postsecondary_share,
  -- Shares of the openings whose occupations can be judged: wage and education known for the
  -- high-skill, high-wage, in-demand test; education known for middle skill.
  cast(coalesce(s.hshwid, 0) / nullif(s.decided, 0) as double) as hshwid_share,
  cast(coalesce(s.middle_skill, 0) / nullif(s.educated, 0) as double) as middle_skill_share,
  coalesce(cast(s.middle_skill as double), 0) as middle_skill_openings,
  cast(coalesce(s.occupations, 0) as integer) as occupations
from grid g
cross join (values ('split'), ('full'), ('primary')) p(allocation)
left join stacked s using (area_id, cluster_id, allocation);
