-- The supply gap of each sub-level (mart_supply_sublevel_gap); empty without a supply key
-- (run_settings.supply), when the supply stage did not run and mart_supply_sublevel_gap does not
-- exist. A query that names a table which may not exist cannot be bound, so it is chosen as
-- text (as mart_cluster_metrics_all.sql does for the clusters):
-- reads: mart_supply_sublevel_gap
set variable int_sublevel_supply_gap = (
  select case when supply
    then 'select area_code, vintage, framework, cluster, sublevel, supply_gap_share
      from mart_supply_sublevel_gap'
    else 'select null::varchar as area_code, null::varchar as vintage, null::varchar as framework,
      null::varchar as cluster, null::varchar as sublevel, null::double as supply_gap_share
      where false'
  end
  from run_settings
);

create or replace table int_sublevel_supply_gap as
from query(getvariable('int_sublevel_supply_gap'));
