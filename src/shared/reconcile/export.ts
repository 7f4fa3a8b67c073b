import type { ReconcileReport } from './report';

/**
 * The results as a spreadsheet takes them: one row per inconsistent record,
 * the compared values of each system in a column of their own
 * (`netsuite.billed`), RFC 4180 quoting, and cells that a spreadsheet would
 * run as a formula (=, +, -, @) prefixed with an apostrophe.
 */
function cell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function reportCsv(report: ReconcileReport): string {
  const columns = new Set<string>();
  for (const entry of report.inconsistencies) {
    for (const [system, record] of Object.entries(entry.observed)) {
      if (record === null) columns.add(`${system}.present`);
      else for (const field of Object.keys(record)) if (field !== 'lines') columns.add(`${system}.${field}`);
    }
  }
  const compared = [...columns].sort();
  const header = ['severity', 'entity', 'key', 'label', 'rule', 'message', 'incident', ...compared];
  const rows = report.inconsistencies.map((entry) => [
    entry.severity,
    entry.entity,
    entry.key,
    entry.label,
    entry.rules.map((rule) => rule.id).join(' '),
    entry.message,
    entry.incident,
    ...compared.map((column) => {
      const [system = '', field = ''] = column.split('.');
      const record = entry.observed[system];
      if (field === 'present') return record === null ? 'no' : '';
      return record?.[field];
    }),
  ]);
  return `${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
