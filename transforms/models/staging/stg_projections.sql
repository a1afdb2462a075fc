-- Projections in one staged shape: jobs (not thousands), annual-average openings, percent change
-- in percent. Units come from the reader (raw_projections carries them per row), so this model is
-- the single place where publishers' units are brought into line.
create or replace table stg_projections as
select
  area_code,
  area_name,
  area_type,
  area_fips,
  base_year,
  proj_year,
  base_year || '-' || proj_year as vintage,
  soc_code,
  soc_title,
  is_detail,
  is_total,
  base_employment * employment_multiplier as base_employment,
  projected_employment * employment_multiplier as projected_employment,
  coalesce(change, projected_employment - base_employment) * employment_multiplier as change,
  case pct_change_unit when 'fraction' then pct_change * 100 else pct_change end as pct_change,
  soc_vintage,
  openings_method,
  exits * employment_multiplier / openings_period_years as annual_exits,
  transfers * employment_multiplier / openings_period_years as annual_transfers,
  openings * employment_multiplier / openings_period_years as annual_openings,
  growth_openings * employment_multiplier / openings_period_years as annual_growth_openings,
  replacement_openings * employment_multiplier / openings_period_years as annual_replacement_openings,
  median_annual_wage as median_wage,
  coalesce(median_wage_topcoded, false) as median_wage_topcoded,
  median_hourly_wage,
  r.education,
  -- The BLS category the publisher's spelling stands for (see sources/education.ts).
  e.education as education_category,
  coalesce(e.postsecondary_award, false) as postsecondary,
  work_experience,
  ojt,
  source_id,
  source_file,
  source_row
from raw_projections r
left join ref_education e
  on e.education_key = lower(regexp_replace(r.education, '[^A-Za-z]', '', 'g'));
