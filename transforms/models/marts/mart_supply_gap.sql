-- The supply gap metric per cluster: of the annual openings that need a postsecondary award,
-- the share in-area completions do not meet, level by level (a surplus at one level does not
-- fill a shortfall at another). The two certificate levels face one set of openings, so they
-- are joined before the comparison. Null where the cluster has no such openings.
create or replace table mart_supply_gap as
with levels as (
  select area_code, vintage, framework, cluster,
    case when award_level in ('short_certificate', 'certificate') then 'certificate'
      else award_level end as gap_level,
    sum(completions) as completions,
    max(annual_openings) as annual_openings
  from mart_supply
  where cluster <> '(unmapped)'
  group by all
),
-- The program whose awards reach the cluster most, with the openings (in this cluster) of the
-- occupations it leads to: the recommendation names it ("51.3801 Registered Nursing: …").
programs as (
  select area_code, vintage, framework, cluster, cip_code, sum(completions) as awards
  from mart_supply_programs
  where cluster <> '(unmapped)'
  group by area_code, vintage, framework, cluster, cip_code
  qualify row_number() over (
    partition by area_code, vintage, framework, cluster order by awards desc, cip_code
  ) = 1
),
-- Its openings are summed as DECIMAL (mart_supply_sublevels.sql says why): as doubles,
-- California's 74,921.5 openings of business administration came out as 74,921.49999999999
-- in one run of two, printed 74,921 instead of 74,922.
top_programs as (
  select p.*, x.cip_title,
    (select cast(sum(cast(o.allocation_weight * coalesce(o.annual_openings, 0) as decimal(38, 12)))
       as double)
     from mart_occupations o
     where o.area_code = p.area_code and o.vintage = p.vintage and o.framework = p.framework
       and o.cluster = p.cluster
       and o.soc_code in (select s.soc_code from int_supply_occupations s
                          where s.area_code = p.area_code and s.vintage = p.vintage
                            and s.cip_code = p.cip_code)) as openings
  from programs p
  left join (select cip_code, any_value(cip_title) as cip_title from ref_cip_soc group by all) x
    using (cip_code)
),
gaps as (
  select
    area_code,
    vintage,
    framework,
    cluster,
    sum(completions) as completions,
    sum(annual_openings) as annual_openings,
    sum(greatest(annual_openings - completions, 0)) as unmet_openings,
    sum(greatest(annual_openings - completions, 0)) / nullif(sum(annual_openings), 0)
      as supply_gap_share
  from levels
  group by all
)
select
  g.*,
  t.cip_code as top_cip_code,
  t.cip_title as top_cip_title,
  t.awards as top_program_awards,
  t.openings as top_program_openings
from gaps g
left join top_programs t using (area_code, vintage, framework, cluster);
