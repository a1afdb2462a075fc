import { Database, sqlIdent } from './kernel/database.ts';
import { numberTextSql } from './outputs/published-table.ts';
import { looksLikeFormulaSql } from './sources/tabular/input-guards.ts';
const db = await Database.open('/tmp/publish-exp.duckdb', 2);
const FO = 'list_position((select list(framework order by position) from run_frameworks), framework)';
await db.exec(`create or replace temp table p as select area_code as area, vintage, framework, cluster,
        soc_code, soc_title, mapped_via, via_codes, round(allocation_weight, 6) as allocation_weight,
        base_employment, projected_employment, change, round(pct_change, 4) as pct_change,
        round(annual_openings, 2) as annual_openings, median_wage, median_wage_source, education, education_source, high_wage, postsecondary,
        bridge_rule as soc_bridge, from_codes, source_file, source_row, source_rows
      from mart_occupations o order by area, vintage, ${FO}, cluster, soc_code`);
const cols = await db.all<{column_name: string; column_type: string}>('describe p');
const text = cols.filter(c => c.column_type === 'VARCHAR').map(c => sqlIdent(c.column_name));
const sel = (g: ((c: string) => string) | null) => cols.map(({column_name: n, column_type: ty}) => {
  const id = sqlIdent(n);
  if (ty === 'DOUBLE') return `${numberTextSql(id)} as ${id}`;
  if (ty === 'VARCHAR') return g ? `case when ${g(id)} and ${looksLikeFormulaSql(id)} then '''' || ${id} else nullif(${id}, '') end as ${id}` : id;
  return id;
}).join(', ');
const variants: Record<string, () => Promise<void>> = {
  mainStyle: async () => {
    await db.firstRow(`select count(*), ${text.map(c => `coalesce(bit_or((case when ascii(${c}) in (9, 13, 32, 43, 45, 61, 64) and ${looksLikeFormulaSql(c)} then 1 else 0 end | case when ${c} = '' then 2 else 0 end)), 0)`).join(', ')} from p`);
    await db.exec(`copy (select ${sel(null)} from p) to '/tmp/publish-exp-o.csv' (format csv, header true)`);
  },
  listContains: async () => { await db.exec(`copy (select ${sel((c) => `list_contains([9, 13, 32, 43, 45, 61, 64], ascii(${c}))`)} from p) to '/tmp/publish-exp-o.csv' (format csv, header true)`); },
  strGate: async () => { await db.exec(`copy (select ${sel((c) => `(${c} < '0' or (${c} >= '=' and ${c} < 'A'))`)} from p) to '/tmp/publish-exp-o.csv' (format csv, header true)`); },
};
const times: Record<string, number[]> = {};
for (let i = 0; i < 2; i++) for (const [k, f] of Object.entries(variants)) {
  const t = performance.now(); await f(); (times[k] ??= []).push(Math.round(performance.now() - t));
}
console.log(times);
