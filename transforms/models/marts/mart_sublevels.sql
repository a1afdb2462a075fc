-- Every sub-level with its metrics (tmp_sublevel_metrics), its score and rank among the
-- sub-levels of its area and framework (tmp_sublevel_scores, computed by the sublevels step in
-- TypeScript) and its cluster's decision, in rank order.
create or replace table mart_sublevels as
select m.* exclude (area_id, path_id), s.score, s.rank, c.approved as cluster_approved
from tmp_sublevel_metrics m
join tmp_sublevel_scores s using (area_id, path_id)
join mart_clusters c using (area_code, vintage, framework, cluster)
order by area_code, vintage, framework, s.rank;
