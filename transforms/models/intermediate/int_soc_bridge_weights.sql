-- Each SOC 2010 code's share of the SOC 2018 codes the BLS 2010 → 2018 crosswalk takes it to
-- (int_projections.sql puts the projections in SOC 2018 codes with them):
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
