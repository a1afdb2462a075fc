-- Each framework's crosswalk reduced to distinct (code, cluster) pairs. A code listed under one
-- cluster through several O*NET-SOC specialties or sub-clusters still counts once for that
-- cluster; source_rows and priority keep what the primary-cluster rule needs.
create or replace table stg_crosswalk_clusters as
select
  framework,
  soc_code,
  cluster,
  min(priority) as priority,
  count(*) as source_rows,
  min(source_row) as first_source_row
from raw_crosswalk
group by framework, soc_code, cluster;
