/**
 * NCES IPEDS institutional directory (`HD{year}`): where each institution is, so its awards can
 * be placed in a state (FIPS), county (COUNTYCD) and metro area (CBSA). Read by column name; the
 * file carries a BOM and about 70 columns, of which these are used.
 */
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import { type ColumnSpec, readRows, resolveColumns } from '../tabular/columns.ts';
import { readCsvTable } from '../tabular/read-csv-table.ts';

export interface InstitutionRecord {
  source_row: number;
  unitid: string;
  name: string;
  state: string;
  state_fips: string;
  county_fips: string | null;
  cbsa: string | null;
}

const COLUMNS: Record<'unitid' | 'name' | 'state' | 'fips' | 'county' | 'cbsa', ColumnSpec> = {
  unitid: { label: 'UNITID', match: /^unitid$/, required: true },
  name: { label: 'INSTNM', match: /^instnm$/, required: true },
  state: { label: 'STABBR', match: /^stabbr$/, required: true },
  fips: { label: 'FIPS', match: /^fips$/, required: true },
  county: { label: 'COUNTYCD', match: /^countycd$/, required: false },
  cbsa: { label: 'CBSA', match: /^cbsa$/, required: false },
};

/** NCES writes -2 ("not applicable") where an institution has no county or metro. */
const NOT_APPLICABLE = ['-1', '-2', '-3'];

/** Reads an HD directory CSV; a repeated UNITID is an error naming both rows. */
export function readInstitutions(path: string, file: string): InstitutionRecord[] {
  const table = readCsvTable(
    path,
    file,
    { contains: 'unitid' },
    {
      entry: /^hd\d{4}\.csv$/i,
      wanted: 'directory "hd<year>.csv"',
    },
  );
  const cols = resolveColumns(table, COLUMNS);
  const seen = new Map<string, number>();
  const out: InstitutionRecord[] = [];
  for (const r of readRows(table)) {
    const unitid = r.requiredText(cols.unitid);
    const first = seen.get(unitid);
    if (first !== undefined) {
      const p = r.place(cols.unitid, unitid);
      throw new CliError(messages.supplyDuplicateInstitution(p, first), ExitCode.input, p);
    }
    seen.set(unitid, r.row);
    const fips = r.requiredText(cols.fips);
    if (!/^\d{1,2}$/.test(fips)) {
      const p = r.place(cols.fips, fips);
      throw new CliError(
        messages.supplyBadCode(p, 'a state FIPS code of one or two digits'),
        ExitCode.input,
        p,
      );
    }
    const county = r.text(cols.county, NOT_APPLICABLE);
    if (county !== null && !/^\d{4,5}$/.test(county)) {
      const p = r.place(cols.county, county);
      throw new CliError(
        messages.supplyBadCode(p, 'a county FIPS code of five digits'),
        ExitCode.input,
        p,
      );
    }
    const cbsa = r.text(cols.cbsa, NOT_APPLICABLE);
    if (cbsa !== null && !/^\d{5}$/.test(cbsa)) {
      const p = r.place(cols.cbsa, cbsa);
      throw new CliError(
        messages.supplyBadCode(p, 'a CBSA code of five digits'),
        ExitCode.input,
        p,
      );
    }
    out.push({
      source_row: r.row,
      unitid,
      name: r.requiredText(cols.name),
      state: r.requiredText(cols.state),
      state_fips: fips.padStart(2, '0'),
      county_fips: county === null ? null : county.padStart(5, '0'),
      cbsa,
    });
  }
  return out;
}
