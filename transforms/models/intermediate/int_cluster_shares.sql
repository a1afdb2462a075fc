-- The cluster metrics the config adds, one row per cluster, allocation and metric, which
-- mart_cluster_metrics_all pivots into columns: each configured rule's `<id>_share`
-- (mart_cluster_rule_shares) and, with a supply key, `supply_gap_share` (int_cluster_supply_gap,
-- computed under the configured allocation, standing for every allocation the stability draws
-- try).
create or replace table int_cluster_shares as
select area_code, vintage, framework, allocation, cluster, rule || '_share' as metric,
  openings_share as share
from mart_cluster_rule_shares
union all
select g.area_code, g.vintage, g.framework, a.allocation, g.cluster, 'supply_gap_share',
  g.supply_gap_share
from int_cluster_supply_gap g
cross join (values ('split'), ('full'), ('primary')) as a(allocation);
