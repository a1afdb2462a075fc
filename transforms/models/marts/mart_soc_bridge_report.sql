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
