-- supply_programs.csv as written: each program's awards in each cluster (mart_supply_programs),
-- in the order of the areas, the config's frameworks (run_frameworks), the clusters, the
-- programs and the award levels.
create or replace temp table pub_supply_programs as
select
  area_code as area,
  framework,
  cluster,
  cip_code,
  award_level,
  program_completions,
  round(completions, 2) as completions,
  soc_codes,
  vintage
from mart_supply_programs
order by
  area,
  vintage,
  list_position((select list(framework order by position) from run_frameworks), framework),
  cluster,
  cip_code,
  list_position(['short_certificate', 'certificate', 'associate', 'bachelor', 'graduate'], award_level);
