// Number formats shared by the pages (the pipeline's CSVs keep plain numbers; pages format them).
export const jobs = (n) => (n == null ? '–' : Math.round(n).toLocaleString('en-US'));
export const money = (n) => (n == null ? '–' : `$${Math.round(n).toLocaleString('en-US')}`);
export const pct = (n) => (n == null ? '–' : `${n.toFixed(1)}%`);
export const share = (n) => (n == null ? '–' : `${(100 * n).toFixed(1)}%`);
export const score = (n) => (n == null ? '–' : `${n >= 0 ? '+' : ''}${n.toFixed(3)}`);

/** The rows of one area × vintage × framework group. */
export function groupOf(rows, { area_code, vintage, framework }) {
  return rows.filter(
    (r) =>
      r.area_code === area_code &&
      r.vintage === vintage &&
      (framework === undefined || r.framework === framework),
  );
}

/** "California (CA), 2023-2033" for a stg_areas row. */
export const areaLabel = (a) => `${a.area_name} (${a.area_code}), ${a.vintage}`;
