-- Every cluster of the frameworks numbered in key order (cluster_id: framework, cluster), so
-- tmp_cluster_facts names a cluster by an integer.
-- Temporary: computed once for the score stage (and again when a finished run's database is
-- read, transforms/run-models.ts ensureTemporary) instead of each reader grouping and sorting
-- 1.4 million rows (at 1,000 areas) by four text keys.
create or replace temp table tmp_cluster_ids as
select row_number() over (order by framework, cluster) - 1 as cluster_id, framework, cluster
from (
  select framework, cluster from ref_framework_clusters
  union
  select framework, cluster from int_occupation_clusters
);
