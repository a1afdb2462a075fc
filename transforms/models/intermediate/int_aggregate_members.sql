-- Which detailed SOC 2018 codes an aggregate code stands for: SOC broad and minor groups from the SOC
-- structure, plus the OEWS-only combinations (ref_oews_aggregates, from sources/oews).
create or replace table int_aggregate_members as
select broad_code as aggregate_code, soc_code as member_code, 'SOC 2018 broad group' as basis
from raw_soc_structure
where level = 'detailed' and broad_code is not null
union all
-- A minor group published as a line item (BLS's 45-3000 Fishing and Hunting Workers).
select minor_code, soc_code, 'SOC 2018 minor group'
from raw_soc_structure
where level = 'detailed' and minor_code is not null
union all
select aggregate_code, member_code, 'OEWS aggregate code' as basis
from ref_oews_aggregates;
