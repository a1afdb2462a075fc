-- Each code's clusters and weights, which do not depend on the area, for the frameworks
-- mart_occupations crosses the occupations with (its columns' types too).
-- Temporary: computed once for the score stage (and again when a finished run's database is
-- read, transforms/run-models.ts ensureTemporary) instead of each reader grouping and sorting
-- 1.4 million rows (at 1,000 areas) by four text keys.
create or replace temp table tmp_cluster_codes as
select i.cluster_id, o.soc_code, coalesce(o.weight_split, 0) as weight_split,
  coalesce(o.weight_full, 0) as weight_full, coalesce(o.weight_primary, 0) as weight_primary
from int_occupation_clusters o
join tmp_cluster_ids i using (framework, cluster)
where o.framework in (select framework from ref_framework_clusters);
