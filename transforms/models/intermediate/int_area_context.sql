-- Each area's reference values a rule may use (the area median wage, the all-occupation growth
-- rate, openings and wage medians), so thresholds can be relative to the vintage and stay
-- meaningful from one projections round to the next; tmp_cluster_areas takes the high-skill,
-- high-wage, in-demand thresholds from it too.
--
-- A view: only its readers compute it, once each.
create or replace view int_area_context as
select
  a.area_code,
  a.vintage,
  a.area_median_wage,
  coalesce(
    100.0 * (t.projected_employment - t.base_employment) / nullif(t.base_employment, 0),
    100.0 * (sum(p.projected_employment) - sum(p.base_employment)) / nullif(sum(p.base_employment), 0)
  ) as area_pct_change,
  avg(p.annual_openings) as area_mean_openings,
  median(p.annual_openings) as area_median_openings,
  median(p.pct_change) as area_median_pct_change,
  median(p.median_wage) as area_median_occupation_wage
from stg_areas a
join int_projections p on p.area_code = a.area_code and p.vintage = a.vintage
left join stg_projections t on t.area_code = a.area_code and t.vintage = a.vintage and t.is_total
group by a.area_code, a.vintage, a.area_median_wage, t.base_employment, t.projected_employment;
