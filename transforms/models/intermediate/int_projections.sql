-- Detailed projections in SOC 2018 codes, the taxonomy today's cluster crosswalks use.
-- SOC 2018 files pass through unchanged. A SOC 2010 code follows the BLS 2010 → 2018 crosswalk:
--   one-to-one:            passes through under its 2018 code;
--   split (one-to-many):   its figures are shared among the 2018 codes by their national
--                          employment (ref_national_employment) or, without it, equally;
--   merged (many-to-one):  the 2018 code sums the 2010 codes it draws on;
--   unbridged:             a code the crosswalk does not know keeps its 2010 code (and is
--                          reported; it maps only if a cluster crosswalk knows it).
-- Shares apply to employment, change and openings alike; a merged code's median wage is the
-- employment-weighted mean of its parts' medians.
create or replace table int_soc_bridge_weights as
with settings as (select soc_split from run_settings),
src as (
  select distinct soc_code as soc2010 from stg_projections where is_detail and soc_vintage = 2010
),
x as (
  select s.soc2010, b.soc2018, any_value(b.soc2018_title) as soc2018_title
  from src s join raw_soc_bridge b on b.soc2010 = s.soc2010
  group by s.soc2010, b.soc2018
),
shares as (
  select
    x.*,
    count(*) over (partition by x.soc2010) as targets,
    r.employment as ref_employment,
    sum(r.employment) over (partition by x.soc2010) as ref_total,
    count(r.employment) over (partition by x.soc2010) as ref_found
  from x left join ref_national_employment r on r.soc_code = x.soc2018
)
select
  soc2010,
  soc2018,
  soc2018_title,
  case
    when targets = 1 then 1.0
    when s.soc_split = 'national-share' and ref_found = targets and ref_total > 0
      then ref_employment / ref_total
    else 1.0 / targets
  end as share,
  case
    when targets = 1 then 'one-to-one'
    when s.soc_split = 'national-share' and ref_found = targets and ref_total > 0
      then 'split by national employment'
    else 'split equally'
  end as rule
from shares cross join settings s;

-- Each detailed row under its SOC 2018 code, with its share of the code it bridges to.
create or replace view int_projection_rows as
select
  d.*,
  coalesce(w.soc2018, d.soc_code) as code2018,
  coalesce(w.soc2018_title, d.soc_title) as title2018,
  coalesce(w.share, 1.0) as share,
  case
    when d.soc_vintage = 2018 then 'none'
    when w.soc2010 is null then 'unbridged'
    else w.rule
  end as rule
from stg_projections d
left join int_soc_bridge_weights w on d.soc_vintage = 2010 and w.soc2010 = d.soc_code
where d.is_detail;

-- The SOC 2018 codes more than one detailed row of an area lands on (SOC 2010 codes the bridge
-- merges; none in a SOC 2018 file).
create or replace table int_projection_merges as
select area_code, vintage, code2018 as soc_code, count(*) as parts
from int_projection_rows
group by area_code, vintage, code2018
having count(*) > 1;

-- The merged codes, each summed from its rows.
create or replace table int_projections_merged as
select
  area_code,
  any_value(area_name) as area_name,
  vintage,
  code2018 as soc_code,
  any_value(title2018) as soc_title,
  -- Summed in code order: a parallel sum adds a merged code's parts in whichever order the
  -- threads finish, and the last digit of the total then changes from run to run.
  sum(share * base_employment order by soc_code) as base_employment,
  sum(share * projected_employment order by soc_code) as projected_employment,
  sum(share * change order by soc_code) as change,
  100 * sum(share * change order by soc_code)
    / nullif(sum(share * base_employment order by soc_code), 0) as pct_change,
  sum(share * annual_openings order by soc_code) as annual_openings,
  sum(share * base_employment * median_wage order by soc_code) filter (where median_wage is not null)
    / nullif(sum(share * base_employment order by soc_code) filter (where median_wage is not null), 0)
    as median_wage,
  arg_max(education, share * base_employment) as education,
  arg_max(education_source, share * base_employment) as education_source,
  -- Sources of the parts' wages, so a merged code's wage is traceable too.
  string_agg(distinct median_wage_source, '; ' order by median_wage_source) as median_wage_source,
  arg_max(education_category, share * base_employment) as education_category,
  arg_max(postsecondary, share * base_employment) as postsecondary,
  any_value(soc_vintage) as soc_vintage,
  'merged' as bridge_rule,
  string_agg(soc_code, ';' order by soc_code) as from_codes,
  any_value(source_file) as source_file,
  min(source_row) as source_row,
  string_agg(cast(source_row as varchar), ';' order by source_row) as source_rows
from int_projection_rows b
where exists (
  select 1 from int_projection_merges m
  where m.area_code = b.area_code and m.vintage = b.vintage and m.soc_code = b.code2018
)
group by area_code, vintage, code2018;

-- Nearly every 2018 code comes from one row: it passes through with the same arithmetic the
-- merged codes' sums above give a single part (a sum of one value is that value), without an
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

-- How much employment each bridge rule touched, for the manifest and the recommendation.
create or replace table mart_soc_bridge_report as
select
  d.area_code,
  d.vintage,
  case
    when d.soc_vintage = 2018 then 'none'
    when w.soc2010 is null then 'unbridged'
    when t.sources > 1 then 'merged'
    else w.rule
  end as rule,
  count(distinct d.soc_code) as soc2010_codes,
  sum(coalesce(w.share, 1.0) * d.base_employment) as base_employment
from stg_projections d
left join int_soc_bridge_weights w on d.soc_vintage = 2010 and w.soc2010 = d.soc_code
left join (
  select soc2018, count(*) as sources from int_soc_bridge_weights group by soc2018
) t on t.soc2018 = w.soc2018
where d.is_detail and d.soc_vintage = 2010
group by all
order by all;
