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
