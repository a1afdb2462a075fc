-- A view, as mart_occupations is: 1.6 million rows at 1,000 areas, read by few, each needing a
-- few of its columns.
create or replace view mart_sublevel_occupations as
select
  m.area_code,
  m.area_name,
  m.vintage,
  m.framework,
  m.cluster,
  s.sublevel,
  m.soc_code,
  m.allocation_weight * s.share as weight,
  m.base_employment,
  m.projected_employment,
  m.annual_openings,
  m.median_wage,
  m.high_wage,
  m.postsecondary,
  m.education
from mart_occupations m
join int_sublevel_shares s using (framework, cluster, via_codes)
where m.cluster <> '(unmapped)' and m.allocation_weight > 0;
