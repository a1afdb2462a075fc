-- The clusters an explanation covers, numbered (idx) in the order explanations are read in
-- (area, vintage, framework, rank), with the numbers tmp_cluster_facts gives their area and
-- cluster: outputs/load-explanations.ts reads contributions, stability and drivers by idx.
create or replace temp table tmp_explained as
select
  row_number() over (order by area_code, vintage, framework, rank) - 1 as idx,
  area_code,
  vintage,
  framework,
  cluster,
  a.area_id,
  i.cluster_id
from mart_clusters
join tmp_cluster_areas a using (area_code, vintage)
join tmp_cluster_ids i using (framework, cluster);
