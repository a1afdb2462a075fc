-- How much of each area's detailed-occupation employment each framework reaches, and which codes
-- it does not, so unmapped employment is reported rather than silently dropped.
create or replace table mart_mapping_coverage as
-- One row per area, framework and occupation, as mart_occupations has them (its join), without its
-- row per cluster: a code is unmapped when the framework's crosswalk assigns it no cluster. How
-- many rows mart_occupations gives each (one per cluster, one when unmapped) is counted here, for
-- the map stage's row count: counting the view itself joined its 1.4 million rows (at 1,000
-- areas) once more, 0.1 s.
with per_code as (
  select
    p.area_code,
    p.vintage,
    f.framework,
    p.soc_code,
    p.base_employment,
    m.soc_code is null as unmapped,
    coalesce(m.clusters, 1) as occupation_rows
  from int_projections p
  join stg_areas a on a.area_code = p.area_code and a.vintage = p.vintage
  cross join (select distinct framework from ref_framework_clusters) f
  left join (
    select framework, soc_code, count(*) as clusters from int_occupation_clusters group by all
  ) m
    on m.framework = f.framework and m.soc_code = p.soc_code
)
select
  area_code,
  vintage,
  framework,
  sum(base_employment) as detail_base_employment,
  coalesce(sum(base_employment) filter (where not unmapped), 0) as mapped_base_employment,
  coalesce(sum(base_employment) filter (where not unmapped), 0) / sum(base_employment) as mapped_share,
  coalesce(sum(base_employment) filter (where unmapped), 0) / sum(base_employment) as unmapped_share,
  string_agg(soc_code, ', ' order by soc_code) filter (where unmapped) as unmapped_codes,
  cast(sum(occupation_rows) as double) as occupation_rows
from per_code
group by area_code, vintage, framework;
