/**
 * CSV files, written by DuckDB's COPY from a published table: a header, "\n" line ends, RFC 4180
 * quoting where a value needs it, an empty field for null (and for an empty string), true/false
 * for flags, and numbers as numberTextSql writes them ("100", "0.25", "1.2e-05"). Text a
 * spreadsheet would run as a formula (looksLikeFormula) is written inert, with a "'" before it,
 * the guard OWASP gives for CSV: a publisher's title "=SUM(…)" or "-Other" reads as text when
 * opened.
 */
import { type Database, sqlIdent, sqlString } from '../kernel/database.ts';
import { looksLikeFormulaSql } from '../sources/tabular/input-guards.ts';
import { numberTextSql, type PublishedTable } from './published-table.ts';

/** Writes the table's CSV; DuckDB writes the file itself, in parallel. */
export async function writeCsv(db: Database, path: string, table: PublishedTable): Promise<void> {
  const columns = table.columns.map((c) => {
    const id = sqlIdent(c.name);
    if (c.type === 'DOUBLE') return `${numberTextSql(id)} as ${id}`;
    // DuckDB quotes an empty string ("") to tell it from a null; both are an empty field here.
    const text = c.text?.empty ? `nullif(${id}, '')` : id;
    // Tested only where some value needs it: most text columns (codes, names) never do.
    if (c.text?.formula)
      return `case when ${looksLikeFormulaSql(text)} then '''' || ${text} else ${text} end as ${id}`;
    return text === id ? id : `${text} as ${id}`;
  });
  await db.exec(
    `copy (select ${columns.join(', ')} from ${table.source}) to ${sqlString(path)} (format csv, header true)`,
  );
}
