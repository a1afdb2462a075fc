-- The mapped rows of mart_occupations as the cluster metrics, the weighted medians, the stability
-- inputs, the sub-levels and the recommendation's drivers read them: numbers, each cluster named
-- by two integers, its area's position (area_id) and its own within the frameworks (cluster_id),
-- both in key order, so their order is that of area_code, vintage, framework, cluster.
-- Temporary: computed once for the score stage (and again when a finished run's database is
-- read) instead of each reader grouping and sorting 1.4 million rows (at 1,000 areas) by four
-- text keys.
-- mart_occupations' mapped rows (its join, with the area's figures taken as it takes them),
-- joined per code rather than per framework and cluster: each code's clusters and weights (codes)
-- do not depend on the area, for the frameworks mart_occupations crosses the occupations with
-- (its columns' types too).
create or replace temp table tmp_cluster_facts as
with codes as (
  select i.cluster_id, o.soc_code, coalesce(o.weight_split, 0) as weight_split,
    coalesce(o.weight_full, 0) as weight_full, coalesce(o.weight_primary, 0) as weight_primary
  from int_occupation_clusters o
  join tmp_cluster_ids i using (framework, cluster)
  where o.framework in (select framework from ref_framework_clusters)
)
select
  a.area_id,
  c.cluster_id,
  p.soc_code,
  p.median_wage,
  c.weight_split,
  c.weight_full,
  c.weight_primary,
  p.base_employment,
  p.projected_employment,
  p.change,
  p.annual_openings,
  p.median_wage >= a.area_median_wage as high_wage,
  p.median_wage is not null as waged,
  p.postsecondary,
  p.education is not null as educated,
  -- High-skill (a postsecondary award), high-wage (at least the area's threshold) and in-demand
  -- (growth or openings above the area's threshold); NULL, counted as not, when the wage is
  -- unknown.
  p.postsecondary and p.median_wage >= a.hshwid_min_wage
    and (p.pct_change > a.hshwid_min_pct_change or p.annual_openings > a.hshwid_min_openings)
    as hshwid,
  -- Middle-skill: a postsecondary award below a bachelor's degree.
  coalesce(p.education_category in ('Postsecondary nondegree award', 'Associate''s degree'), false)
    as middle_skill
from int_projections p
join tmp_cluster_areas a using (area_code, vintage)
join codes c using (soc_code);
