-- Which detailed SOC 2018 codes an aggregate code stands for: SOC broad groups from the SOC
-- structure, plus the OEWS-only combinations (ref_oews_aggregates, from sources/oews).
create or replace table int_aggregate_members as
select broad_code as aggregate_code, soc_code as member_code, 'SOC 2018 broad group' as basis
from raw_soc_structure
where level = 'detailed' and broad_code is not null
union all
select aggregate_code, member_code, 'OEWS aggregate code' as basis
from ref_oews_aggregates;
