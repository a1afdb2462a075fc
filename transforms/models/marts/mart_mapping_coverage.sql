-- How much of each area's detailed-occupation employment each framework reaches, and which codes
-- it does not, so unmapped employment is reported rather than silently dropped.
create or replace table mart_mapping_coverage as
with per_code as (
  select
    area_code,
    vintage,
    framework,
    soc_code,
    any_value(base_employment) as base_employment,
    bool_or(cluster = '(unmapped)') as unmapped
  from mart_occupations
  group by area_code, vintage, framework, soc_code
)
select
  area_code,
  vintage,
  framework,
  sum(base_employment) as detail_base_employment,
  coalesce(sum(base_employment) filter (where not unmapped), 0) as mapped_base_employment,
  coalesce(sum(base_employment) filter (where not unmapped), 0) / sum(base_employment) as mapped_share,
  coalesce(sum(base_employment) filter (where unmapped), 0) / sum(base_employment) as unmapped_share,
  string_agg(soc_code, ', ' order by soc_code) filter (where unmapped) as unmapped_codes
from per_code
group by area_code, vintage, framework;
