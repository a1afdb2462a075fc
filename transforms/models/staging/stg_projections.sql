-- Projections in one staged shape: jobs (not thousands), annual-average openings, percent change
-- in percent. Units come from the reader (raw_projections carries them per row), so this model is
-- the single place where publishers' units are brought into line.
--
-- A value the file lacks (New York publishes no wages or education) may be filled from another
-- source named in the config's "attributes": the area's OEWS median wage (a sub-state area takes
-- its state's), or the national typical-education assignment. Every value says where it came from.
create or replace table stg_projections as
with filled as (
  select
    r.*,
    coalesce(r.median_annual_wage, aw.a_median, nw.a_median) as wage_value,
    case
      when r.median_annual_wage is not null then 'publisher'
      when aw.a_median is not null then aw.source_label
      when nw.a_median is not null then nw.source_label
    end as median_wage_source,
    coalesce(r.education, ae.education) as education_value,
    case
      when r.education is not null then 'publisher'
      when ae.education is not null then ae.source_label
    end as education_source
  from raw_projections r
  left join ref_attr_wages aw
    on r.median_annual_wage is null
    and aw.soc_code = r.soc_code
    and aw.area_code = split_part(r.area_code, '-', 1)
  -- National wages (OEWS national, area US) fill an area the wage source has no rows for at all:
  -- a user's own state file run with the national default.
  left join (select distinct area_code from ref_attr_wages) covered
    on covered.area_code = split_part(r.area_code, '-', 1)
  left join ref_attr_wages nw
    on r.median_annual_wage is null
    and covered.area_code is null
    and nw.soc_code = r.soc_code
    and nw.area_code = 'US'
  left join ref_attr_education ae
    on r.education is null and ae.soc_code = r.soc_code
)
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
  wage_value as median_wage,
  median_wage_source,
  coalesce(median_wage_topcoded, false) as median_wage_topcoded,
  median_hourly_wage,
  education_value as education,
  education_source,
  -- The BLS category the publisher's spelling stands for (see sources/education.ts).
  e.education as education_category,
  coalesce(e.postsecondary_award, false) as postsecondary,
  work_experience,
  ojt,
  source_id,
  source_file,
  source_row
from filled f
-- The spelling is reduced to its letters once per distinct spelling, not once per row.
left join (
  select s.spelling, e.education, e.postsecondary_award
  from (
    select distinct education as spelling from raw_projections
    union
    select education from ref_attr_education
  ) s
  join ref_education e
    on e.education_key = lower(regexp_replace(s.spelling, '[^A-Za-z]', '', 'g'))
) e on e.spelling = f.education_value;
