-- Per area × framework × cluster × award level: the awards that reach the cluster
-- (mart_supply_programs) beside the annual openings of its occupations whose BLS typical entry
-- education is the level's (ref_award_levels; both certificate levels face the same
-- "Postsecondary nondegree award" openings), completions per opening and the gap. Summed as
-- DECIMAL, so reruns give the same figures (mart_supply_sublevels.sql says why).
create or replace table mart_supply as
with awarded as (
  select area_code, vintage, framework, cluster, award_level,
    cast(sum(cast(completions as decimal(38, 12))) as double) as completions
  from mart_supply_programs
  group by all
),
needed as (
  select o.area_code, o.vintage, o.framework, o.cluster, l.award_level,
    cast(sum(cast(o.allocation_weight * coalesce(o.annual_openings, 0) as decimal(38, 12)))
      as double) as annual_openings
  from mart_occupations o
  join int_projections p
    on p.area_code = o.area_code and p.vintage = o.vintage and p.soc_code = o.soc_code
  join ref_award_levels l on l.education = p.education_category
  where o.cluster <> '(unmapped)' and o.allocation_weight > 0
    and o.area_code in (select area_code from stg_supply_awards)
  group by all
)
select
  coalesce(a.area_code, n.area_code) as area_code,
  coalesce(a.vintage, n.vintage) as vintage,
  coalesce(a.framework, n.framework) as framework,
  coalesce(a.cluster, n.cluster) as cluster,
  coalesce(a.award_level, n.award_level) as award_level,
  coalesce(a.completions, 0) as completions,
  coalesce(n.annual_openings, 0) as annual_openings,
  coalesce(a.completions, 0) / nullif(n.annual_openings, 0) as completions_per_opening,
  coalesce(n.annual_openings, 0) - coalesce(a.completions, 0) as gap
from awarded a
full outer join needed n
  on n.area_code = a.area_code and n.vintage = a.vintage and n.framework = a.framework
  and n.cluster = a.cluster and n.award_level = a.award_level;
