-- Each program's awards as they reach each cluster: through its occupations (award shares) and
-- the occupations' allocation weights. An occupation no crosswalk of the framework reaches keeps
-- its share under '(unmapped)' with weight 1, so a framework's split awards add up to the area's
-- awards that reach an occupation. Every figure traces back to a program (CIP) and level.
-- Summed as DECIMAL, so reruns give the same figures (mart_supply_sublevels.sql says why).
create or replace table mart_supply_programs as
select
  o.area_code,
  o.vintage,
  o.framework,
  o.cluster,
  s.cip_code,
  s.award_level,
  any_value(s.completions) as program_completions,
  cast(sum(cast(s.completions * s.award_share
    * case when o.cluster = '(unmapped)' then 1.0 else o.allocation_weight end as decimal(38, 12)))
    as double) as completions,
  string_agg(distinct s.soc_code, ';' order by s.soc_code) as soc_codes
from int_supply_occupations s
join mart_occupations o
  on o.area_code = s.area_code and o.vintage = s.vintage and o.soc_code = s.soc_code
where o.cluster = '(unmapped)' or o.allocation_weight > 0
group by o.area_code, o.vintage, o.framework, o.cluster, s.cip_code, s.award_level
order by all;
