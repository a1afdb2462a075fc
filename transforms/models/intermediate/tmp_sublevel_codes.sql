-- Each crosswalk code's paths in its cluster, by the cluster's number (tmp_cluster_ids): they do
-- not depend on the area, so tmp_sublevel_facts joins them to the cluster facts once.
create or replace temp table tmp_sublevel_codes as
select i.cluster_id, o.soc_code, p.path_id, p.share
from int_occupation_clusters o
join tmp_cluster_ids i using (framework, cluster)
join tmp_sublevel_paths p using (framework, cluster, via_codes);
