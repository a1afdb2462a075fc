-- mart_sublevel_occupations' rows once more, for the sub-level metrics (mart_sublevel_metrics) and
-- the weighted medians the sublevels step computes: as numbers, each sub-level named by two
-- integers, its area's position (area_id, as tmp_cluster_facts numbers them) and its path's
-- (path_id), both in key order, so their order is that of area_code, vintage, framework, cluster,
-- sublevel. They are built from tmp_cluster_facts (mart_occupations' mapped rows, already read as
-- numbers) and each code's paths in its cluster, which do not depend on the area: grouping and
-- sorting 1.6 million rows by five text keys, twice, cost more than the rest of the sub-levels.
create or replace temp table tmp_sublevel_facts as
-- Each crosswalk code's paths in its cluster, by the cluster's number (tmp_cluster_ids): they do
-- not depend on the area, so they are joined to the cluster facts once.
with codes as (
  select i.cluster_id, o.soc_code, p.path_id, p.share
  from int_occupation_clusters o
  join tmp_cluster_ids i using (framework, cluster)
  join tmp_sublevel_paths p using (framework, cluster, via_codes)
),
o as (
  select f.area_id, c.path_id,
    -- mart_occupations' allocation_weight, times the path's share
    case s.allocation
      when 'split' then f.weight_split
      when 'full' then f.weight_full
      else f.weight_primary
    end * c.share as weight,
    f.base_employment, f.projected_employment, f.annual_openings, f.median_wage, f.high_wage,
    f.postsecondary, f.waged, f.educated, f.hshwid, f.middle_skill,
    case s.allocation
      when 'split' then f.weight_split
      when 'full' then f.weight_full
      else f.weight_primary
    end as allocation_weight
  from tmp_cluster_facts f
  join codes c using (cluster_id, soc_code)
  cross join run_settings s
)
select
  area_id,
  path_id,
  median_wage as wage,
  cast(weight * base_employment as double) as jobs,
  cast(weight * base_employment as decimal(18, 6)) as w_base,
  cast(weight * projected_employment as decimal(18, 6)) as w_projected,
  cast(weight * annual_openings as decimal(18, 6)) as w_openings,
  high_wage,
  waged,
  postsecondary,
  educated,
  hshwid,
  middle_skill
from o
where allocation_weight > 0;
