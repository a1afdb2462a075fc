-- Every cluster's composite score, as the score stage computed it once (int_cluster_score_rows,
-- by row number): ranking, selection and every output read this score, never a sum of the
-- contributions again.
create or replace table int_cluster_score as
select r.area_code, r.vintage, r.framework, r.cluster, s.score
from int_cluster_score_rows s
join tmp_score_rows r using (row_id);
