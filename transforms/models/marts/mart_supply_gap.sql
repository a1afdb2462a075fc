-- The supply gap metric per cluster: of the annual openings that need a postsecondary award,
-- the share in-area completions do not meet, level by level (a surplus at one level does not
-- fill a shortfall at another). The two certificate levels face one set of openings, so they
-- are joined before the comparison. Null where the cluster has no such openings.
create or replace table mart_supply_gap as
with levels as (
  select area_code, vintage, framework, cluster,
    case when award_level in ('short_certificate', 'certificate') then 'certificate'
      else award_level end as gap_level,
    sum(completions) as completions,
    max(annual_openings) as annual_openings
  from mart_supply
  where cluster <> '(unmapped)'
  group by all
)
select
  area_code,
  vintage,
  framework,
  cluster,
  sum(completions) as completions,
  sum(annual_openings) as annual_openings,
  sum(greatest(annual_openings - completions, 0)) as unmet_openings,
  sum(greatest(annual_openings - completions, 0)) / nullif(sum(annual_openings), 0)
    as supply_gap_share
from levels
group by all;
