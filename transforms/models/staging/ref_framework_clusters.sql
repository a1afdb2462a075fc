-- The clusters the crosswalk assigns occupations to. A cluster of the definition the crosswalk
-- leaves empty is not scored (ingest notes it): a cluster with no occupations anywhere would
-- only drag the framework's averages.
create or replace table ref_framework_clusters as
select distinct framework, cluster from raw_crosswalk;
