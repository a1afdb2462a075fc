-- One row per area × framework × occupation × cluster with the weight the configured allocation
-- gives it, the occupation's own figures, its rule flags and the source row it came from.
-- Occupations no crosswalk reaches stay in, under cluster '(unmapped)', so none vanish.
--
-- A view: at 1,000 areas the join gives 1.4 million rows of 29 columns, most of them text, and
-- writing them into a table cost 3 s, while each reader (the cluster metrics, the weighted
-- medians, the stability inputs, the sub-levels, the bridge, occupations.csv) needs only some
-- columns of it and DuckDB joins them again in about 0.1 s.
create or replace view mart_occupations as
with settings as (select allocation from run_settings)
select
  p.area_code,
  p.area_name,
  p.vintage,
  f.framework,
  coalesce(m.cluster, '(unmapped)') as cluster,
  p.soc_code,
  p.soc_title,
  coalesce(m.mapped_via, 'unmapped') as mapped_via,
  m.via_codes,
  case
    when m.cluster is null then 0.0
    when s.allocation = 'split' then m.weight_split
    when s.allocation = 'full' then m.weight_full
    else m.weight_primary
  end as allocation_weight,
  coalesce(m.weight_split, 0) as weight_split,
  coalesce(m.weight_full, 0) as weight_full,
  coalesce(m.weight_primary, 0) as weight_primary,
  p.base_employment,
  p.projected_employment,
  p.change,
  p.pct_change,
  p.annual_openings,
  p.median_wage,
  p.median_wage_source,
  p.education,
  p.education_source,
  p.median_wage >= a.area_median_wage as high_wage,
  p.postsecondary,
  p.bridge_rule,
  p.from_codes,
  p.source_file,
  p.source_row,
  p.source_rows
from int_projections p
join stg_areas a on a.area_code = p.area_code and a.vintage = p.vintage
cross join (select distinct framework from ref_framework_clusters) f
cross join settings s
left join int_occupation_clusters m on m.framework = f.framework and m.soc_code = p.soc_code;
