-- stability.csv as written: how often each cluster is approved across the draws and where it
-- ranks (mart_stability), in the order of the areas, the config's frameworks (run_frameworks)
-- and the ranks without draws.
create or replace temp table pub_stability as
select
  area_code as area,
  vintage,
  framework,
  cluster,
  round(p_approved, 6) as p_approved,
  median_rank,
  rank_low,
  rank_high,
  approved,
  base_rank,
  case when robust then 'robust' else 'fragile' end as decision,
  flip_weight_shift,
  flip_from,
  flip_to,
  draws,
  seed
from mart_stability
order by
  area,
  vintage,
  list_position((select list(framework order by position) from run_frameworks), framework),
  base_rank;
