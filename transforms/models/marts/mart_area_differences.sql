-- In a multi-area run, each area's approved list beside the list it is read against: a sub-state
-- area beside its state's (compared_with 'state'); in a run of several states (a Projections
-- Central file of every state), each state beside the list most states share (compared_with
-- 'most states'; ties go to the list of the first state in code order). added = clusters it
-- approves that the other list does not; dropped = the other way round. Empty for a single area.
create or replace table mart_area_differences as
with approved as (
  select c.area_code, c.area_name, c.vintage, c.framework, c.cluster, c.approved, a.area_type
  from mart_clusters c join stg_areas a using (area_code, vintage)
),
state as (
  select * from approved where area_type = 'state'
),
state_lists as (
  select area_code, vintage, framework,
    coalesce(string_agg(cluster, chr(31) order by cluster) filter (where approved), '') as list
  from state group by area_code, vintage, framework
),
list_counts as (
  select vintage, framework, list, count(*) as sharing, min(area_code) as first_state,
    sum(count(*)) over (partition by vintage, framework) as states
  from state_lists group by vintage, framework, list
),
common as (
  select vintage, framework, first_state, sharing, states
  from list_counts
  where states >= 2
  qualify row_number() over (partition by vintage, framework order by sharing desc, first_state) = 1
),
against as (
  -- Each area's reference rows: its state's, or the common list's first state's.
  select o.area_code, o.vintage, o.framework, o.cluster, o.approved, o.area_name,
    s.approved as other_approved, s.area_code as state_code, 'state' as compared_with,
    null::bigint as sharing, null::bigint as states
  from approved o
  join state s on s.vintage = o.vintage and s.framework = o.framework and s.cluster = o.cluster
    and split_part(o.area_code, '-', 1) = s.area_code
  where o.area_type <> 'state'
  union all
  select o.area_code, o.vintage, o.framework, o.cluster, o.approved, o.area_name,
    s.approved, null, 'most states', m.sharing, m.states
  from state o
  join common m on m.vintage = o.vintage and m.framework = o.framework
  join state s on s.area_code = m.first_state and s.vintage = o.vintage
    and s.framework = o.framework and s.cluster = o.cluster
)
select
  area_code,
  any_value(area_name) as area_name,
  vintage,
  framework,
  any_value(state_code) as state_code,
  count(*) filter (where approved) as approved_count,
  coalesce(string_agg(cluster, '; ' order by cluster) filter (where approved and not other_approved), '') as added,
  coalesce(string_agg(cluster, '; ' order by cluster) filter (where other_approved and not approved), '') as dropped,
  bool_or(approved <> other_approved) as differs,
  any_value(compared_with) as compared_with,
  any_value(sharing) as sharing,
  any_value(states) as states
from against
group by area_code, vintage, framework
order by area_code, vintage, framework;
