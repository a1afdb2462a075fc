-- The employment-weighted median wage of every cluster under every allocation. The medians are
-- computed in TypeScript (pipeline/stages/score.ts, weightedMedian adds the jobs in one fixed
-- order, which a parallel SQL aggregate does not promise) and written by group number into
-- int_cluster_median_wage_groups; tmp_median_wage_clusters (readNumberGroups) names each group's
-- area and cluster, and this joins them back to the keys.
create or replace table int_cluster_median_wage as
select r.area_code, r.vintage, c.framework, a.allocation, c.cluster,
  case a.allocation when 'split' then w.split when 'full' then w."full" else w."primary" end
    as median_wage
from tmp_median_wage_clusters g
join tmp_cluster_areas r using (area_id)
join tmp_cluster_ids c using (cluster_id)
join int_cluster_median_wage_groups w using (group_id)
cross join (values (0, 'split'), (1, 'full'), (2, 'primary')) as a(i, allocation)
order by g.group_id, a.i;
