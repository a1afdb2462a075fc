-- Each occupation's weight in each sub-level of its cluster: pathways (legacy 16) or sub-clusters
-- (2024). The occupation's cluster weight under the run's allocation is shared equally among the
-- (crosswalk code, sub-level) pairs that put it in that cluster, so a cluster's sub-levels add up
-- to the cluster exactly, whatever the allocation.
--
-- Those shares depend only on the framework, the cluster and the crosswalk codes (via_codes) that
-- put the occupation there, never on the area, so they are worked out once per distinct
-- combination (a few thousand) rather than once per occupation of every area (1.4 million at
-- 1,000 areas). Each sub-level's share adds up copies of one value, 1/pairs, so its sum does
-- not depend on the order they are added in.
--
-- The paths are taken from the crosswalk assignments (int_occupation_clusters), a superset of those
-- the area's occupations use: a path's shares depend on its own pairs only.
--
-- Each path's pairs are counted by a group joined back, not a window (8.2 -> 5.5 ms of CPU for
-- the statement alone, the default job's tables: DuckDB's window costs ~3 ms on these rows).
create or replace table int_sublevel_shares as
with paths as (
  select distinct framework, cluster, via_codes
  from int_occupation_clusters
),
via as (
  select framework, cluster, via_codes, unnest(string_split(via_codes, ';')) as via_code
  from paths
),
pairs as (
  select distinct v.framework, v.cluster, v.via_codes, v.via_code,
    coalesce(x.sublevel, '(no sub-level)') as sublevel
  from via v
  join raw_crosswalk x
    on x.framework = v.framework and x.soc_code = v.via_code and x.cluster = v.cluster
)
select p.framework, p.cluster, p.via_codes, p.sublevel, sum(1.0 / n.pairs) as share
from pairs p
join (select framework, cluster, via_codes, count(*) as pairs from pairs group by all) n
  using (framework, cluster, via_codes)
group by p.framework, p.cluster, p.via_codes, p.sublevel;
