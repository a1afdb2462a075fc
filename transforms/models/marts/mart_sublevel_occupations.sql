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
--
-- The paths are taken from the crosswalk assignments (int_occupation_clusters), a superset of those
-- the area's occupations use: a path's shares depend on its own pairs only.
create or replace table int_sublevel_shares as
with paths as (
  select distinct framework, cluster, via_codes
  from int_occupation_clusters
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
)
select framework, cluster, via_codes, sublevel, sum(share) as share
from (
  select *, 1.0 / count(*) over (partition by framework, cluster, via_codes) as share
  from pairs
)
group by all;

-- A view, as mart_occupations is: 1.6 million rows at 1,000 areas, read only by the sub-level
-- metrics and weighted medians below, each needing a few of its columns.
create or replace view mart_sublevel_occupations as
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
join int_sublevel_shares s using (framework, cluster, via_codes)
where m.cluster <> '(unmapped)' and m.allocation_weight > 0;

-- The view's rows once more, for the sub-level metrics below and the weighted medians the rank
-- stage computes: as numbers, each sub-level named by two integers, its area's position
-- (area_id, as tmp_cluster_facts numbers them) and its path's (path_id), both in key order, so
-- their order is that of area_code, vintage, framework, cluster, sublevel. They are built from
-- tmp_cluster_facts (mart_occupations' mapped rows, already read as numbers) and each code's
-- paths in its cluster, which do not depend on the area: grouping and sorting 1.6 million rows
-- by five text keys, twice, cost more than the rest of the sub-levels.
create or replace temp table tmp_sublevel_paths as
select dense_rank() over (order by framework, cluster, sublevel) - 1 as path_id, *
from int_sublevel_shares;

create or replace temp table tmp_sublevel_codes as
select i.cluster_id, o.soc_code, p.path_id, p.share
from int_occupation_clusters o
join tmp_cluster_ids i using (framework, cluster)
join tmp_sublevel_paths p using (framework, cluster, via_codes);

create or replace temp table tmp_sublevel_facts as
with o as (
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
  join tmp_sublevel_codes c using (cluster_id, soc_code)
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

-- Sub-level metrics, defined as the cluster metrics are (mart_cluster_metrics_by_allocation.sql),
-- summed as DECIMAL so reruns give byte-identical tables (each figure rounded to DECIMAL(18, 6), as
-- there).
create or replace table mart_sublevel_metrics as
with sums as (
  select
    area_id,
    path_id,
    sum(w_base) as base,
    sum(w_projected) as projected,
    sum(w_openings) as openings,
    sum(w_openings) filter (where high_wage) as high_wage,
    sum(w_openings) filter (where waged) as waged,
    sum(w_openings) filter (where postsecondary) as postsecondary,
    sum(w_openings) filter (where educated) as educated,
    sum(w_openings) filter (where hshwid) as hshwid,
    sum(w_openings) filter (where waged and educated) as decided,
    sum(w_openings) filter (where middle_skill) as middle_skill,
    count(*) as occupations
  from tmp_sublevel_facts
  group by area_id, path_id
)
select
  a.area_code,
  a.area_name,
  a.vintage,
  p.framework,
  p.cluster,
  p.sublevel,
  cast(s.base as double) as base_employment,
  cast(s.projected as double) as projected_employment,
  cast(s.projected - s.base as double) as change,
  cast(100 * (s.projected - s.base) / nullif(s.base, 0) as double) as pct_change,
  cast(s.openings as double) as annual_openings,
  cast(coalesce(s.high_wage, 0) / nullif(s.waged, 0) as double) as high_wage_share,
  cast(coalesce(s.postsecondary, 0) / nullif(s.educated, 0) as double) as postsecondary_share,
  cast(s.occupations as integer) as occupations,
  cast(coalesce(s.hshwid, 0) / nullif(s.decided, 0) as double) as hshwid_share,
  cast(coalesce(s.middle_skill, 0) / nullif(s.educated, 0) as double) as middle_skill_share,
  coalesce(cast(s.middle_skill as double), 0) as middle_skill_openings
from sums s
join tmp_cluster_areas a using (area_id)
join (select distinct path_id, framework, cluster, sublevel from tmp_sublevel_paths) p
  using (path_id);
