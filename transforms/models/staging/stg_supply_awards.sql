-- Awards (IPEDS first-major completions of 6-digit programs) placed in each area of the run by
-- where the institution is: a state takes the institutions whose state FIPS is its own; the
-- nation takes them all. Sub-state areas carry no county or CBSA code in any projections file
-- clusterfit reads (California's metros are named, not coded), so they get no supply rows.
create or replace table stg_supply_awards as
select
  a.area_code,
  a.vintage,
  c.cip_code,
  c.award_level,
  sum(c.completions) as completions,
  count(distinct c.unitid) as institutions
from raw_ipeds_completions c
join raw_ipeds_institutions i on i.unitid = c.unitid
join stg_areas a
  on (a.area_type = 'state' and a.area_fips = i.state_fips) or a.area_type = 'nation'
group by a.area_code, a.vintage, c.cip_code, c.award_level;
