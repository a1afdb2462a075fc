-- supply.csv as written: mart_supply rounded (2 decimals, 4 for the ratio), with the education
-- each award level meets, in the order of the areas, the config's frameworks (run_frameworks),
-- the clusters (the unmapped awards last) and the award levels.
create or replace temp table pub_supply as
select
  s.area_code as area,
  s.framework,
  s.cluster,
  s.award_level,
  round(s.completions, 2) as completions,
  round(s.annual_openings, 2) as annual_openings,
  round(s.completions_per_opening, 4) as completions_per_opening,
  round(s.gap, 2) as gap,
  s.vintage,
  e.education
from mart_supply s
left join (
  select award_level, string_agg(education, '; ' order by education) as education
  from ref_award_levels
  group by all
) e using (award_level)
order by
  area,
  s.vintage,
  list_position((select list(framework order by position) from run_frameworks), s.framework),
  s.cluster = '(unmapped)',
  s.cluster,
  list_position(
    ['short_certificate', 'certificate', 'associate', 'bachelor', 'graduate'], s.award_level
  );
