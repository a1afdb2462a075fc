-- Each program's awards in an area shared among the run's occupations it leads to (NCES CIP–SOC
-- crosswalk; a run code that is an OEWS or SOC aggregate is reached through its member codes).
-- `split`: in proportion to the occupations' annual openings in the area, equally when they all
-- have none, so a program's shares add up to 1; `full`: each occupation counts the whole award.
create or replace table int_supply_occupations as
with occ as (
  select area_code, vintage, soc_code, coalesce(annual_openings, 0) as openings
  from int_projections
),
codes as (
  select distinct soc_code as run_code, soc_code as member from occ
  union
  select aggregate_code, member_code from int_aggregate_members
),
links as (
  select distinct s.area_code, s.vintage, s.cip_code, s.award_level, s.completions, o.soc_code,
    o.openings
  from stg_supply_awards s
  join ref_cip_soc x on x.cip_code = s.cip_code
  join codes k on k.member = x.soc_code
  join occ o on o.area_code = s.area_code and o.vintage = s.vintage and o.soc_code = k.run_code
)
select
  l.*,
  case
    when (select supply_allocation from run_settings) = 'full' then 1.0
    when sum(openings) over w > 0 then openings / sum(openings) over w
    else 1.0 / count(*) over w
  end as award_share
from links l
window w as (partition by area_code, vintage, cip_code, award_level)
order by area_code, vintage, cip_code, award_level, soc_code;
