-- Each (framework, cluster, sub-level) path numbered in key order (path_id), with its shares
-- (int_sublevel_shares): the sub-level facts (tmp_sublevel_facts.sql) name a sub-level by it.
create or replace temp table tmp_sublevel_paths as
select dense_rank() over (order by framework, cluster, sublevel) - 1 as path_id, *
from int_sublevel_shares;
