-- bridge.csv as written: the employment each legacy cluster shares with each 2024 cluster
-- (mart_framework_bridge), jobs to the cent and shares to 6 decimals.
create or replace temp table pub_bridge as
select
  area_code as area,
  vintage,
  from_framework,
  from_cluster,
  to_framework,
  to_cluster,
  round(employment, 2) as employment,
  round(share, 6) as share
from mart_framework_bridge
order by area, vintage, from_cluster, to_cluster;
