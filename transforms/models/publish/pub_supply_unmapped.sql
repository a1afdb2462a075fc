-- supply_unmapped.csv as written: the programs no crosswalk carries to an occupation of the run
-- (mart_supply_unmapped), the most awards first.
create or replace temp table pub_supply_unmapped as
select area_code as area, vintage, cip_code, cip_title, award_level, completions, institutions
from mart_supply_unmapped
order by
  area,
  vintage,
  completions desc,
  cip_code,
  list_position(['short_certificate', 'certificate', 'associate', 'bachelor', 'graduate'], award_level);
