-- mart_supply per sub-level (pathway or sub-cluster): the awards that reach each sub-level through
-- its occupations' sub-level weights (mart_sublevel_occupations), beside the openings of its
-- occupations at each award level. A cluster's sub-levels add up to the cluster's mapped rows.
-- Summed as DECIMAL, so reruns give the same figures: a parallel sum of doubles adds in whichever
-- order the threads finish, and 3,013.275 openings came out as 3,013.2749999999996 in one run
-- (written 3013.27) and 3,013.275 in the next (3013.28). Each term keeps 12 decimals: rounded to
-- 6, as the cluster metrics are, 30 programs' awards moved from 2,919.4549994 to 2,919.455.
create or replace table mart_supply_sublevels as
with awarded as (
  select o.area_code, o.vintage, o.framework, o.cluster, o.sublevel, s.award_level,
    cast(sum(cast(s.completions * s.award_share * o.weight as decimal(38, 12))) as double)
      as completions
  from int_supply_occupations s
  join mart_sublevel_occupations o
    on o.area_code = s.area_code and o.vintage = s.vintage and o.soc_code = s.soc_code
  group by all
),
needed as (
  select o.area_code, o.vintage, o.framework, o.cluster, o.sublevel, l.award_level,
    cast(sum(cast(o.weight * coalesce(o.annual_openings, 0) as decimal(38, 12))) as double)
      as annual_openings
  from mart_sublevel_occupations o
  join int_projections p
    on p.area_code = o.area_code and p.vintage = o.vintage and p.soc_code = o.soc_code
  join ref_award_levels l on l.education = p.education_category
  where o.area_code in (select area_code from stg_supply_awards)
  group by all
)
select
  coalesce(a.area_code, n.area_code) as area_code,
  coalesce(a.vintage, n.vintage) as vintage,
  coalesce(a.framework, n.framework) as framework,
  coalesce(a.cluster, n.cluster) as cluster,
  coalesce(a.sublevel, n.sublevel) as sublevel,
  coalesce(a.award_level, n.award_level) as award_level,
  coalesce(a.completions, 0) as completions,
  coalesce(n.annual_openings, 0) as annual_openings,
  coalesce(a.completions, 0) / nullif(n.annual_openings, 0) as completions_per_opening,
  coalesce(n.annual_openings, 0) - coalesce(a.completions, 0) as gap
from awarded a
full outer join needed n
  on n.area_code = a.area_code and n.vintage = a.vintage and n.framework = a.framework
  and n.cluster = a.cluster and n.sublevel = a.sublevel and n.award_level = a.award_level;
