-- The mapped rows of mart_occupations as the cluster metrics, the weighted medians and the
-- stability inputs read them: numbers, each cluster named by two integers, its area's position
-- (area_id) and its own within the frameworks (cluster_id), both in key order, so their order is
-- that of area_code, vintage, framework, cluster. Temporary: computed once for the score stage
-- (and again by the stability inputs when the run has not built it) instead of each reader
-- grouping and sorting 1.4 million rows (at 1,000 areas) by four text keys.
create or replace temp table tmp_cluster_areas as
select row_number() over (order by area_code, vintage) - 1 as area_id, area_code, vintage, area_name
from stg_areas;

create or replace temp table tmp_cluster_ids as
select row_number() over (order by framework, cluster) - 1 as cluster_id, framework, cluster
from (
  select framework, cluster from ref_framework_clusters
  union
  select framework, cluster from int_occupation_clusters
);

create or replace temp table tmp_cluster_facts as
select
  a.area_id,
  c.cluster_id,
  m.soc_code,
  m.median_wage,
  m.weight_split,
  m.weight_full,
  m.weight_primary,
  m.base_employment,
  m.projected_employment,
  m.annual_openings,
  m.high_wage,
  m.median_wage is not null as waged,
  m.postsecondary,
  m.education is not null as educated
from mart_occupations m
join tmp_cluster_areas a using (area_code, vintage)
join tmp_cluster_ids c using (framework, cluster)
where m.cluster <> '(unmapped)';
