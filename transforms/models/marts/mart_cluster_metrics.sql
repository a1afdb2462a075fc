-- The cluster metrics under the configured allocation (run_settings): the run's result, which
-- the score is computed from.
create or replace table mart_cluster_metrics as
select * exclude (allocation)
from mart_cluster_metrics_all
where allocation = (select allocation from run_settings);
