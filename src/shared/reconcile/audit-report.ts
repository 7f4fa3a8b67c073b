import { toText } from '../expression/library';
import { checkProject } from '../governance/check-project';
import { ownershipOf } from '../governance/ownership';
import type { FlowDocument } from '../model/flow';
import { NODE_KIND_INFO } from '../model/node-kinds';
import type { ProjectModel } from '../model/project-model';
import { moneyText } from './canonical';
import type { Alert } from './baselines';
import type { ReconcileReport } from './report';

/**
 * The workshop deliverable: one self-contained, printable HTML page with the
 * systems, the ownership matrix (who owns every field, who holds copies),
 * the flows step by step, the governance checker's findings, and — when a
 * reconciliation has run — the incidents and inconsistent records. No
 * script, no external resource: it opens the same in any browser, in a mail
 * client, and on paper.
 */
export interface AuditInput {
  readonly project: string;
  readonly model: ProjectModel;
  readonly flows: readonly FlowDocument[];
  readonly report: ReconcileReport | null;
  readonly alerts: readonly Alert[];
  readonly generatedAt: string;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (value: unknown): string => toText(value).replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);

function money(field: string, value: unknown, currency: string): string {
  return moneyText(field, value, currency) ?? (value === null || value === undefined ? '—' : toText(value));
}

function ownershipMatrix(model: ProjectModel): string {
  const systems = model.systems.map((system) => system.id);
  const head = `<tr><th>Entity · field</th>${systems.map((system) => `<th>${escape(system)}</th>`).join('')}</tr>`;
  const rows = model.entities.flatMap((entity) =>
    entity.fields.map((field) => {
      const ownership = ownershipOf(model, entity.id, field.id);
      const cells = systems.map((system) => {
        const owner = ownership.owners.includes(system);
        const replica = ownership.replicas.includes(system);
        const contested = owner && ownership.owners.length > 1;
        return `<td class="${contested ? 'contested' : owner ? 'owner' : replica ? 'replica' : ''}">${contested ? 'owner (contested)' : owner ? 'owner' : replica ? 'copy' : ''}</td>`;
      });
      const unowned = ownership.owners.length === 0 ? ' class="unowned"' : '';
      return `<tr${unowned}><th>${escape(entity.id)}.${escape(field.id)}${ownership.level === 'field' ? ' <small>(field owner)</small>' : ''}</th>${cells.join('')}</tr>`;
    }),
  );
  return `<table class="matrix"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function flowSection(flow: FlowDocument): string {
  const rows = flow.nodes.map((node) => {
    const system = typeof node.config['system'] === 'string' ? node.config['system'] : '';
    const entity = typeof node.config['entity'] === 'string' ? node.config['entity'] : '';
    const kind = NODE_KIND_INFO[node.kind].label;
    return `<tr><td>${escape(kind)}</td><td>${escape(node.label)}</td><td>${escape(system)}</td><td>${escape(entity)}</td></tr>`;
  });
  return `<section class="flow"><h3>${escape(flow.name)}</h3><table><thead><tr><th>Step</th><th>Label</th><th>System</th><th>Entity</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

export function auditReportHtml(input: AuditInput): string {
  const { model, flows, report } = input;
  const findings = checkProject(model, flows);
  const flowName = new Map(flows.map((flow) => [flow.id, flow.name]));
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const governance =
    findings.length === 0
      ? '<p class="ok">The governance checker finds nothing: every field has one owner, no double writes, every write is acknowledged.</p>'
      : `<table><thead><tr><th></th><th>Where</th><th>Finding</th><th>How to fix it</th></tr></thead><tbody>${findings
          .map((finding) => `<tr class="${finding.severity}"><td>${finding.severity}</td><td>${escape(finding.flowId === null ? 'project' : (flowName.get(finding.flowId) ?? finding.flowId))}</td><td>${escape(finding.message)}</td><td>${escape(finding.hint)}</td></tr>`)
          .join('')}</tbody></table>`;
  const reconciliation =
    report === null
      ? '<p>No reconciliation has been run for this project yet.</p>'
      : `<p>${report.summary.checked.toLocaleString('en-US')} records checked in ${escape(report.reconcile.environment)} as of ${escape(report.reconcile.asOf ?? report.reconcile.takenAt)}: <strong>${report.summary.inconsistent} inconsistent</strong> in ${report.summary.incidents} incident${report.summary.incidents === 1 ? '' : 's'}; ${report.summary.inFlight} still within their SLA.</p>
${report.incidents.map((incident) => `<div class="incident ${incident.severity}"><h4>${escape(incident.title)}</h4><p>${escape(incident.rootCause)}</p><p class="keys">${incident.keys.slice(0, 30).map(escape).join(', ')}${incident.keys.length > 30 ? `, and ${incident.keys.length - 30} more` : ''}</p></div>`).join('')}
<table><thead><tr><th></th><th>Record</th><th>What disagrees</th><th>As each system holds it</th></tr></thead><tbody>${report.inconsistencies
          .slice(0, 500)
          .map((entry) => {
            const found = Object.values(entry.observed).find((record) => record !== null && typeof record['currency'] === 'string')?.['currency'];
            const currency = typeof found === 'string' ? found : 'USD';
            const observed = Object.entries(entry.observed)
              .map(([system, record]) => `<div><b>${escape(system)}</b>: ${record === null ? '<em>not there</em>' : Object.entries(record).filter(([field]) => field !== 'lines').map(([field, value]) => `${escape(field)} ${escape(money(field, value, currency))}`).join(', ')}</div>`)
              .join('');
            return `<tr class="${entry.severity}"><td>${entry.severity}</td><td>${escape(entry.label)}<br><small>${escape(entry.entity)} ${escape(entry.key)}</small></td><td>${escape(entry.message)}</td><td>${observed}</td></tr>`;
          })
          .join('')}</tbody></table>${report.inconsistencies.length > 500 ? `<p>…and ${report.inconsistencies.length - 500} more in the JSON report.</p>` : ''}`;
  const drift = report === null || report.drift.length === 0 ? '' : `<h2>Schema drift</h2><ul>${report.drift.map((entry) => `<li>${escape(entry.message)}${entry.nodes.length === 0 ? '' : ` — used by ${entry.nodes.map((node) => escape(node.label)).join(', ')}`}</li>`).join('')}</ul>`;
  const alerts = input.alerts.length === 0 ? '' : `<h2>Run alerts</h2><ul>${input.alerts.map((alert) => `<li class="${alert.severity}">${escape(alert.message)}</li>`).join('')}</ul>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(input.project)} — integration audit</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
body{font:13px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1c2330;margin:32px auto;max-width:1100px;padding:0 24px}
h1{margin:0 0 4px}h2{margin:28px 0 8px;border-bottom:2px solid #2f6fed;padding-bottom:4px}h3{margin:16px 0 6px}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}th,td{border:1px solid #d7dbe2;padding:4px 6px;text-align:left;vertical-align:top}
thead th{background:#eef0f3}.matrix td{text-align:center}.owner{background:#dbe6fd;font-weight:600}.replica{color:#5a6474}
.contested{background:#fbe0de;color:#c8372d;font-weight:600}.unowned th{color:#c8372d}.error td:first-child{color:#c8372d;font-weight:600}
.warning td:first-child{color:#b7791f;font-weight:600}.ok{color:#2f855a}.incident{border-left:3px solid #b7791f;padding:2px 10px;margin:8px 0}
.incident.error{border-left-color:#c8372d}.keys{color:#5a6474}small{color:#5a6474}li.critical{color:#c8372d;font-weight:600}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr,.incident{break-inside:avoid}}
</style></head><body>
<h1>${escape(input.project)} — integration audit</h1>
<p><small>Generated by Steward on ${escape(input.generatedAt)}. ${model.systems.length} systems, ${flows.length} flows, ${errors} governance error${errors === 1 ? '' : 's'}${report === null ? '' : `, ${report.summary.inconsistent} inconsistent record${report.summary.inconsistent === 1 ? '' : 's'}`}.</small></p>
<h2>Systems</h2>
<table><thead><tr><th>System</th><th>Role</th><th>Connector</th><th>Notes</th></tr></thead><tbody>${model.systems.map((system) => `<tr><td>${escape(system.name)} <small>(${escape(system.id)})</small></td><td>${escape(system.role)}</td><td>${escape(system.connector)}</td><td>${escape(system.notes)}</td></tr>`).join('')}</tbody></table>
<h2>Ownership: one owner per field</h2>
${ownershipMatrix(model)}
<h2>Flows</h2>
${flows.map(flowSection).join('')}
<h2>Governance findings</h2>
${governance}
<h2>Inconsistencies across systems</h2>
${reconciliation}
${drift}
${alerts}
</body></html>
`;
}
