-- The columns a rule may use: each detailed occupation's figures with its area's reference
-- values, so thresholds can be relative to the vintage (a share of the area median wage, the
-- all-occupation growth rate) and stay meaningful from one projections round to the next.
--
-- Views: only the rules read them (one pass each, none at all when no rule is configured, as by
-- default), so nothing is computed or copied for them otherwise.
create or replace view int_occupation_facts as
select
  p.area_code,
  p.vintage,
  p.soc_code,
  p.soc_title,
  p.base_employment,
  p.projected_employment,
  p.change,
  p.pct_change,
  p.annual_openings,
  p.median_wage,
  p.education,
  p.education_category,
  p.postsecondary,
  c.area_median_wage,
  c.area_pct_change,
  c.area_mean_openings,
  c.area_median_openings,
  c.area_median_pct_change,
  c.area_median_occupation_wage
from int_projections p
join int_area_context c on c.area_code = p.area_code and c.vintage = p.vintage;
