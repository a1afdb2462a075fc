-- The run's clusters: the metrics under the configured allocation with the score, rank and
-- approval the rank stage decided (int_cluster_rank).
create or replace table mart_clusters as
select m.*, r.score, r.rank, r.approved
from mart_cluster_metrics m
join int_cluster_rank r using (area_code, vintage, framework, cluster);
