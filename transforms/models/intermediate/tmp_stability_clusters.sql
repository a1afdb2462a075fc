-- Every cluster the stability draws rank, numbered in key order (cluster_id), with its area ×
-- vintage × framework group's number (group_id, the order the groups' seeds follow).
create or replace temp table tmp_stability_clusters as
select row_number() over (order by area_code, vintage, framework, cluster) - 1 as cluster_id,
  dense_rank() over (order by area_code, vintage, framework) - 1 as group_id,
  area_code, vintage, framework, cluster
from (select distinct area_code, vintage, framework, cluster from mart_cluster_metrics_all);
