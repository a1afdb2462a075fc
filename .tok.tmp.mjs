import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

const f = process.argv[2];
const t = readFileSync(f, 'utf8').replace(/^\uFEFF/, '');
const d = Papa.parse(t, { header: false, skipEmptyLines: true }).data;
const h = d[0];
const re = /^[-+]?\$?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?%?$/;
for (let c = 0; c < h.length; c++) {
  const odd = new Map();
  for (const r of d.slice(1)) {
    const v = r[c] ?? '';
    if (!re.test(v.trim()) || v.trim() === '') odd.set(v, (odd.get(v) ?? 0) + 1);
  }
  if (odd.size && odd.size < 15) console.log(h[c], JSON.stringify([...odd]));
}
console.log('rows', d.length - 1);
