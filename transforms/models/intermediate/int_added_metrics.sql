-- The metrics the config adds to the clusters and sub-levels, in the order their columns take:
-- each rule's `<id>_share` in the config's order (run_rules), then, with a supply key
-- (run_settings.supply), `supply_gap_share`. mart_cluster_metrics_all and tmp_sublevel_metrics
-- pivot their long shares into these columns.
create or replace view int_added_metrics as
select position, rule || '_share' as metric from run_rules
union all
select 1000000, 'supply_gap_share' from run_settings where supply;
