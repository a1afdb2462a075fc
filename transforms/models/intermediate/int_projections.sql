-- Detailed projections in SOC 2018 codes, the taxonomy today's cluster crosswalks use: SOC 2018
-- files pass through unchanged; a SOC 2010 code follows the bridge (int_soc_bridge_weights),
-- a code several rows land on is summed from them (int_projections_merged).
--
-- Nearly every 2018 code comes from one row: it passes through with the same arithmetic the
-- merged codes' sums give a single part (a sum of one value is that value), without an
-- aggregate, which costs seconds at a thousand areas. And as a view: at 1,000 areas copying
-- those 630,000 rows of 25 columns, most of them text, into a table cost more than its few
-- readers spend deriving them again.
create or replace view int_projections as
select
  area_code,
  area_name,
  vintage,
  code2018 as soc_code,
  title2018 as soc_title,
  share * base_employment as base_employment,
  share * projected_employment as projected_employment,
  share * change as change,
  pct_change,
  share * annual_openings as annual_openings,
  case when median_wage is not null
    then share * base_employment * median_wage / nullif(share * base_employment, 0)
  end as median_wage,
  -- arg_max skips a row whose ordering value is NULL.
  case when share * base_employment is not null then education end as education,
  case when share * base_employment is not null then education_source end as education_source,
  median_wage_source,
  case when share * base_employment is not null then education_category end
    as education_category,
  case when share * base_employment is not null then postsecondary end as postsecondary,
  soc_vintage,
  rule as bridge_rule,
  soc_code as from_codes,
  source_file,
  source_row,
  cast(source_row as varchar) as source_rows
from int_projection_rows b
where not exists (
  select 1 from int_projection_merges m
  where m.area_code = b.area_code and m.vintage = b.vintage and m.soc_code = b.code2018
)
union all
select * from int_projections_merged;
