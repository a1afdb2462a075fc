-- mart_supply_gap per sub-level: the share of award-level openings in-area completions do not
-- meet, level by level, certificate levels joined (as mart_supply_gap does for clusters).
create or replace table mart_supply_sublevel_gap as
with levels as (
  select area_code, vintage, framework, cluster, sublevel,
    case when award_level in ('short_certificate', 'certificate') then 'certificate'
      else award_level end as gap_level,
    sum(completions) as completions,
    max(annual_openings) as annual_openings
  from mart_supply_sublevels
  group by all
)
select
  area_code,
  vintage,
  framework,
  cluster,
  sublevel,
  sum(completions) as completions,
  sum(annual_openings) as annual_openings,
  sum(greatest(annual_openings - completions, 0)) / nullif(sum(annual_openings), 0)
    as supply_gap_share
from levels
group by all;
