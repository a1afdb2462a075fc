-- The SOC 2018 codes more than one detailed row of an area lands on (SOC 2010 codes the bridge
-- merges; none in a SOC 2018 file).
create or replace table int_projection_merges as
select area_code, vintage, code2018 as soc_code, count(*) as parts
from int_projection_rows
group by area_code, vintage, code2018
having count(*) > 1;
