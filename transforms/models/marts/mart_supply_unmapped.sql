-- Programs whose awards reach no occupation of the run (no CIP–SOC row, or only occupations the
-- area's projections lack): reported, not dropped.
create or replace table mart_supply_unmapped as
select s.area_code, s.vintage, s.cip_code, any_value(x.cip_title) as cip_title, s.award_level,
  s.completions, s.institutions
from stg_supply_awards s
left join (select cip_code, any_value(cip_title) as cip_title from ref_cip_soc group by all) x
  on x.cip_code = s.cip_code
where not exists (
  select 1 from int_supply_occupations o
  where o.area_code = s.area_code and o.vintage = s.vintage and o.cip_code = s.cip_code
    and o.award_level = s.award_level
)
group by s.area_code, s.vintage, s.cip_code, s.award_level, s.completions, s.institutions
order by s.area_code, s.vintage, s.completions desc, s.cip_code, s.award_level;
