-- supply_sublevels.csv as written: supply.csv's figures per pathway or sub-cluster
-- (mart_supply_sublevels), in the order of the areas, the config's frameworks (run_frameworks),
-- the clusters, the sub-levels and the award levels.
create or replace temp table pub_supply_sublevels as
select
  area_code as area,
  framework,
  cluster,
  sublevel,
  award_level,
  round(completions, 2) as completions,
  round(annual_openings, 2) as annual_openings,
  round(completions_per_opening, 4) as completions_per_opening,
  round(gap, 2) as gap,
  vintage
from mart_supply_sublevels
order by
  area,
  vintage,
  list_position((select list(framework order by position) from run_frameworks), framework),
  cluster,
  sublevel,
  list_position(['short_certificate', 'certificate', 'associate', 'bachelor', 'graduate'], award_level);
