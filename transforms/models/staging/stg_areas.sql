-- One row per area and vintage: the published all-occupations total (where the file has one) and
-- the sum of its detailed rows, for the detail-coverage check and the area median wage.
create or replace table stg_areas as
select
  area_code,
  any_value(area_name) as area_name,
  any_value(area_type) as area_type,
  any_value(area_fips) as area_fips,
  vintage,
  any_value(base_year) as base_year,
  any_value(proj_year) as proj_year,
  max(base_employment) filter (where is_total) as published_total_base_employment,
  sum(base_employment) filter (where is_detail) as detail_base_employment,
  count(*) filter (where is_detail) as detail_occupations,
  max(median_wage) filter (where is_total) as published_median_wage,
  -- Filled in by the stage step: the published median, or else the employment-weighted median of
  -- the detailed occupations' medians.
  cast(null as double) as area_median_wage,
  cast(null as varchar) as area_median_wage_basis
from stg_projections
group by area_code, vintage;
