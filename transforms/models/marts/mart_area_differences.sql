-- In a multi-area run, each sub-state area's approved list beside its state's: the clusters it
-- approves that the state does not (added) and the state approves that it does not (dropped).
-- Empty when the run has no state-level area to compare with.
create or replace table mart_area_differences as
with approved as (
  select c.area_code, c.area_name, c.vintage, c.framework, c.cluster, c.approved, a.area_type
  from mart_clusters c join stg_areas a using (area_code, vintage)
),
state as (
  select * from approved where area_type = 'state'
)
select
  o.area_code,
  any_value(o.area_name) as area_name,
  o.vintage,
  o.framework,
  any_value(s.area_code) as state_code,
  count(*) filter (where o.approved) as approved_count,
  coalesce(string_agg(o.cluster, '; ' order by o.cluster) filter (where o.approved and not s.approved), '') as added,
  coalesce(string_agg(o.cluster, '; ' order by o.cluster) filter (where s.approved and not o.approved), '') as dropped,
  bool_or(o.approved <> s.approved) as differs
from approved o
join state s on s.vintage = o.vintage and s.framework = o.framework and s.cluster = o.cluster
  and split_part(o.area_code, '-', 1) = s.area_code
where o.area_type <> 'state'
group by o.area_code, o.vintage, o.framework
order by o.area_code, o.vintage, o.framework;
