-- Each rule's share of a cluster's openings that are in flagged occupations, per allocation: an
-- occupation counts under a policy when its weight there is above 0. Like the metrics, one pass
-- over the occupations (tmp_cluster_facts) joined to their rule rows sums the three policies
-- side by side, and the policies are then stacked, keeping those that reach the cluster.
create or replace table mart_cluster_rule_shares as
with rules as (
  select a.area_id, r.soc_code, r.rule, r.flag
  from mart_occupation_rules r
  join tmp_cluster_areas a using (area_code, vintage)
),
o as (
  select f.area_id, f.cluster_id, r.rule, r.flag,
    f.weight_split > 0 as in_split,
    cast(f.weight_split * f.annual_openings as decimal(38, 6)) as openings_split,
    f.weight_full > 0 as in_full,
    cast(f.weight_full * f.annual_openings as decimal(38, 6)) as openings_full,
    f.weight_primary > 0 as in_primary,
    cast(f.weight_primary * f.annual_openings as decimal(38, 6)) as openings_primary
  from tmp_cluster_facts f
  join rules r using (area_id, soc_code)
),
sums as (
  select area_id, cluster_id, rule,
    count(*) filter (where in_split) as rows_split,
    sum(openings_split) filter (where in_split) as openings_split,
    sum(openings_split) filter (where in_split and flag) as flagged_split,
    count(*) filter (where in_split and flag) as occupations_split,
    count(*) filter (where in_full) as rows_full,
    sum(openings_full) filter (where in_full) as openings_full,
    sum(openings_full) filter (where in_full and flag) as flagged_full,
    count(*) filter (where in_full and flag) as occupations_full,
    count(*) filter (where in_primary) as rows_primary,
    sum(openings_primary) filter (where in_primary) as openings_primary,
    sum(openings_primary) filter (where in_primary and flag) as flagged_primary,
    count(*) filter (where in_primary and flag) as occupations_primary
  from o
  group by area_id, cluster_id, rule
),
stacked as (
  select * from sums unpivot include nulls (
    (rows, openings, flagged, occupations)
    for allocation in (
      (rows_split, openings_split, flagged_split, occupations_split) as split,
      (rows_full, openings_full, flagged_full, occupations_full) as "full",
      (rows_primary, openings_primary, flagged_primary, occupations_primary) as "primary"
    )
  )
)
select a.area_code, a.vintage, i.framework, s.allocation, i.cluster, s.rule,
  cast(coalesce(s.flagged, 0) / nullif(s.openings, 0) as double) as openings_share,
  cast(s.occupations as integer) as flagged_occupations
from stacked s
join tmp_cluster_areas a using (area_id)
join tmp_cluster_ids i using (cluster_id)
where s.rows > 0;
