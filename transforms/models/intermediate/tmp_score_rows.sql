-- Each cluster of mart_cluster_metrics numbered in key order (row_id), with its area ×
-- vintage × framework group's number (group_id): the score stage reads the metrics as numbers in
-- this order (the order the normalization's sums add in) and writes the scores back by row_id.
create or replace temp table tmp_score_rows as
select row_number() over (order by area_code, vintage, framework, cluster) - 1 as row_id,
  dense_rank() over (order by area_code, vintage, framework) - 1 as group_id,
  area_code, vintage, framework, cluster
from mart_cluster_metrics;
