import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectTemplate } from '../model/template';
import { auditReportHtml } from './audit-report';
import type { ReconcileReport } from './report';

const template = ProjectTemplate.parse(JSON.parse(readFileSync(join(process.cwd(), 'resources', 'templates', 'order-to-cash.json'), 'utf8')));

describe('the audit report', () => {
  it('holds the ownership matrix, the flows and the checker’s verdict, and escapes what the consultant typed', () => {
    const model = { ...template.model, systems: template.model.systems.map((system) => (system.id === 'shopify' ? { ...system, notes: '<script>alert(1)</script> & more' } : system)) };
    const html = auditReportHtml({ project: 'Acme <Ltd>', model, flows: template.flows, report: null, alerts: [], generatedAt: '2026-11-25T12:00:00.000Z' });
    expect(html).toContain('<title>Acme &lt;Ltd&gt; — integration audit</title>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    // Shopify owns Order.total; NetSuite holds a copy.
    expect(html).toMatch(/<th>Order\.total<\/th><td class="owner">owner<\/td><td class="replica">copy<\/td>/);
    for (const flow of template.flows) expect(html).toContain(`<h3>${flow.name}</h3>`);
    expect(html).toContain('The governance checker finds nothing');
    expect(html).toContain('No reconciliation has been run');
  });

  it('lists incidents and inconsistent records with money in major units', () => {
    const report = {
      reconcile: { environment: 'sandbox', takenAt: '2026-11-20T09:00:00.000Z', asOf: '2026-11-20T09:00:00.000Z', incremental: false },
      summary: { checked: 35, inconsistent: 1, inFlight: 0, byRule: { 'payment-economics': 1 }, byEntity: {}, incidents: 1 },
      inconsistencies: [{ rule: 'payment-economics', rules: [], entity: 'Order', key: '7000000014', label: '#1014', severity: 'error', message: 'billed too much', observed: { netsuite: { id: '164', billed: 16779, currency: 'USD' }, shipbob: null }, differing: ['netsuite.billed'], incident: 'inc-1' }],
      incidents: [{ id: 'inc-1', title: '1 order where netsuite disagrees on billed', rootCause: 'Billed in full after a partial capture.', severity: 'error', count: 1, keys: ['7000000014'], rules: ['payment-economics'], runFailures: 0 }],
      runFailures: [],
      systems: [],
      drift: [],
      alerts: [],
      problems: [],
    } satisfies ReconcileReport;
    const html = auditReportHtml({ project: 'Acme', model: template.model, flows: template.flows, report, alerts: [{ severity: 'critical', subject: 'flow x', measure: 'ackRate', value: 0.9, baseline: 1, message: 'flow x: ack rate fell' }], generatedAt: '2026-11-25T12:00:00.000Z' });
    expect(html).toContain('<strong>1 inconsistent</strong> in 1 incident');
    expect(html).toContain('billed 167.79 USD');
    expect(html).toContain('<b>shipbob</b>: <em>not there</em>');
    expect(html).toContain('<li class="critical">flow x: ack rate fell</li>');
  });
});
