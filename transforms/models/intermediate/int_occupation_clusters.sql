-- Every detailed projection code's clusters in every framework, with its weight under each
-- allocation policy. A code reaches a crosswalk in the first of three ways that works:
--   direct:  the code itself is in the crosswalk;
--   members: it is an aggregate (13-1020, 25-2052 …) whose member detailed codes are;
--   parent:  it is a detailed code the crosswalk carries only through an aggregate (ACTE 13-1021).
-- Split weight: the code's employment is shared equally among the codes it maps through, and each
-- of those shares equally among that code's clusters, so one occupation's weights sum to 1.
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
  qualify tier = min(tier) over (partition by framework, soc_code)
),
via_share as (
  select *, 1.0 / count(*) over (partition by framework, soc_code) as share
  from chosen
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
    v.share / count(*) over (partition by v.framework, v.soc_code, v.via_code) as w
  from via_share v
  join stg_crosswalk_clusters c on c.framework = v.framework and c.soc_code = v.via_code
),
per_cluster as (
  select
    framework,
    soc_code,
    cluster,
    any_value(mapped_via) as mapped_via,
    string_agg(via_code, ';' order by via_code) as via_codes,
    sum(w) as weight_split,
    min(priority) as priority,
    sum(source_rows) as source_rows
  from cluster_rows
  group by framework, soc_code, cluster
)
select
  framework,
  soc_code,
  cluster,
  mapped_via,
  via_codes,
  weight_split,
  1.0 as weight_full,
  -- Primary: the largest split share; then the crosswalk's own order (O*NET's base ".00"
  -- occupation before its specialties; the first-listed cluster); then the most crosswalk rows.
  case
    when row_number() over (
      partition by framework, soc_code
      order by weight_split desc, priority, source_rows desc, cluster
    ) = 1 then 1.0
    else 0.0
  end as weight_primary
from per_cluster;
