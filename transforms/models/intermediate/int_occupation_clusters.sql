-- Every detailed projection code's clusters in every framework, with its weight under each
-- allocation policy. A code reaches a crosswalk in the first of three ways that works:
--   direct:  the code itself is in the crosswalk;
--   members: it is an aggregate (13-1020, 25-2052 …) whose member detailed codes are;
--   parent:  it is a detailed code the crosswalk carries only through an aggregate (ACTE 13-1021).
-- Split weight: the code's employment is shared equally among the codes it maps through, and each
-- of those shares equally among that code's clusters, so one occupation's weights sum to 1.
-- Counts, minimums and the primary cluster by grouping and joining back, not by windows, and the
-- via codes listed by sorting a list, not by an ordered string_agg: DuckDB's window and ordered
-- aggregate each cost 1.5-4 ms on these ~1,500 rows, where a group and a join cost a few tenths;
-- the statement alone (the default job's tables, 40 runs each) 20.7 -> 11.8 ms of CPU, the
-- same rows.
create or replace table int_occupation_clusters as
with occ as (
  select distinct soc_code from int_projections
),
xw as (
  select distinct framework, soc_code from stg_crosswalk_clusters
),
candidates as (
  select x.framework, o.soc_code, x.soc_code as via_code, 'direct' as mapped_via, 1 as tier
  from occ o join xw x on x.soc_code = o.soc_code
  union all
  select x.framework, o.soc_code, x.soc_code, 'members', 2
  from occ o
  join int_aggregate_members a on a.aggregate_code = o.soc_code
  join xw x on x.soc_code = a.member_code
  union all
  select x.framework, o.soc_code, x.soc_code, 'parent', 3
  from occ o
  join int_aggregate_members a on a.member_code = o.soc_code
  join xw x on x.soc_code = a.aggregate_code
),
chosen as (
  select distinct framework, soc_code, via_code, mapped_via
  from candidates
  semi join (select framework, soc_code, min(tier) as tier from candidates group by all) t
    using (framework, soc_code, tier)
),
via_share as (
  select c.*, 1.0 / n.vias as share
  from chosen c
  join (select framework, soc_code, count(*) as vias from chosen group by all) n
    using (framework, soc_code)
),
cluster_rows as (
  select
    v.framework,
    v.soc_code,
    v.mapped_via,
    v.via_code,
    c.cluster,
    c.priority,
    c.source_rows,
    v.share / n.clusters as w
  from via_share v
  join stg_crosswalk_clusters c on c.framework = v.framework and c.soc_code = v.via_code
  join (select framework, soc_code, count(*) as clusters from stg_crosswalk_clusters group by all) n
    on n.framework = v.framework and n.soc_code = v.via_code
),
per_cluster as (
  select
    framework,
    soc_code,
    cluster,
    any_value(mapped_via) as mapped_via,
    array_to_string(list_sort(list(via_code)), ';') as via_codes,
    sum(w) as weight_split,
    min(priority) as priority,
    sum(source_rows) as source_rows
  from cluster_rows
  group by framework, soc_code, cluster
),
-- Primary: the largest split share; then the crosswalk's own order (O*NET's base ".00"
-- occupation before its specialties; the first-listed cluster); then the most crosswalk rows.
primary_cluster as (
  select framework, soc_code,
    arg_min(cluster, (-weight_split, priority, -source_rows, cluster)) as cluster
  from per_cluster
  group by framework, soc_code
)
select
  p.framework,
  p.soc_code,
  p.cluster,
  p.mapped_via,
  p.via_codes,
  p.weight_split,
  1.0 as weight_full,
  case when p.cluster = b.cluster then 1.0 else 0.0 end as weight_primary
from per_cluster p
join primary_cluster b using (framework, soc_code);
