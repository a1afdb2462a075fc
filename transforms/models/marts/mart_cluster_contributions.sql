-- Each weighted metric's part in every cluster's score (value, normalized value, weight,
-- contribution), so the recommendation can explain every score. Computed in TypeScript
-- (simple-statistics) and written by row number (int_score_contributions): 150,000 rows at 1,000
-- areas, whose strings cost more than the scoring; the keys and metric names join back here.
create or replace table mart_cluster_contributions as
select r.area_code, r.vintage, r.framework, r.cluster, n.metric,
  c.value, c.normalized, c.weight, c.contribution
from int_score_contributions c
join tmp_score_rows r using (row_id)
join run_weights n using (metric_index)
order by c.row_id, c.metric_index;
