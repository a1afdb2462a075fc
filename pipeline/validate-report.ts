/**
 * The two forms of a validation report: text for a person (header, findings grouped by
 * severity, a last line that says whether the file can be trusted) and JSON for a script.
 */
import { messages } from '../kernel/messages.ts';
import type { Finding } from '../kernel/run-context.ts';
import type { ValidationReport } from './validate.ts';

/** Findings shown per severity in text; JSON always carries them all. */
const TEXT_LIMIT = 50;

const GROUPS: { severity: Finding['severity']; title: string }[] = [
  { severity: 'error', title: 'Errors' },
  { severity: 'warning', title: 'Warnings' },
  { severity: 'info', title: 'Notes' },
];

/** The report as text, ending with "trusted" or "not trusted: N errors". */
export function formatReportText(report: ValidationReport): string {
  const lines = [messages.validateHeader({ ...report, detected: report.layoutDetected })];
  for (const note of report.notes) lines.push(`  ${note}`);
  const u = report.understood;
  if (u) {
    lines.push(messages.validateColumnsTitle);
    for (const m of u.mapping) lines.push(messages.validateMapping(m.field, m.header));
    lines.push(messages.validateUnused(u.unused));
    lines.push(messages.validateUnitsTitle);
    for (const unit of u.units) lines.push(messages.validateUnit(unit.unit, unit.value, unit.how));
    lines.push(messages.validateLevels(u.levels, u.dropped.suppressedRows, u.dropped.usRows));
    lines.push(messages.validateIdentitiesTitle);
    for (const i of u.identities) {
      lines.push(messages.validateIdentity(i.identity, i.result, i.checked, i.failed, i.tolerance));
    }
  }
  for (const g of GROUPS) {
    const found = report.findings.filter((f) => f.severity === g.severity);
    if (found.length === 0) continue;
    lines.push(messages.findingGroup(g.title, found.length));
    for (const f of found.slice(0, TEXT_LIMIT)) lines.push(`  - ${f.message}`);
    if (found.length > TEXT_LIMIT) lines.push(messages.findingsMore(found.length - TEXT_LIMIT));
  }
  lines.push(
    report.summary.trusted ? messages.trusted : messages.notTrusted(report.summary.errors),
  );
  return `${lines.join('\n')}\n`;
}

/** The report as JSON: the findings array and a summary. */
export function formatReportJson(report: ValidationReport): string {
  return `${JSON.stringify(
    {
      file: report.file,
      layout: report.layout,
      layout_detected: report.layoutDetected,
      areas: report.areas,
      rows: report.rows,
      vintages: report.vintages,
      notes: report.notes,
      ...(report.understood ? { understood: report.understood } : {}),
      findings: report.findings,
      summary: report.summary,
    },
    null,
    2,
  )}\n`;
}
