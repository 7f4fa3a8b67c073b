import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

/**
 * Exception-first results, end to end in Chromium: run the settlement-drift
 * scenario, reconcile the systems as the run left them, see only what still
 * drifts, open the drifting order side by side (captured, refunded, billed;
 * the mismatch lit; the owner marked), and click through to the step on the
 * canvas that billed it.
 */
test('after a run of the settlement-drift scenario, the results show only the drift, one order side by side, and the step responsible on the canvas', async ({ app, page }) => {
  await app.createProject('Acme', { templateFlows: true });
  await page.getByTestId('run-target').selectOption('scenario:settlement-drift');
  await page.getByTestId('run-limits').uncheck();
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });

  await page.getByTestId('nav-runs').click();
  await expect(page.getByTestId('reconcile-target')).toHaveValue('scenario:settlement-drift');
  await page.getByTestId('reconcile-start').click();
  await expect(page.getByTestId('reconcile-status')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });

  // Only what is wrong: the partial capture billed in full, and the payout booked gross. The refund the
  // old integration never credited was booked by the run's billing flow, so it is not here.
  const table = page.getByTestId('results-table');
  await expect(page.getByTestId('results-count')).toHaveText('2 of 2');
  await expect(page.getByTestId('results-inconsistent')).toHaveText('2');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('result-7000000014')).toContainText('#1014');
  await expect(page.getByTestId('result-stripe:po_sbx00000001')).toContainText('settlement-net');
  await expect(table).not.toContainText('#1006');
  // The run's figures: 93 transactions, all acknowledged, the first of the baseline.
  await expect(page.getByTestId('trend-volume')).toContainText('93');
  await expect(page.getByTestId('trend-ack-rate')).toContainText('100 %');
  await app.screenshot('results');

  // Filters narrow it; clearing them brings both back.
  await page.getByTestId('filter-entity').selectOption('Settlement');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await page.getByTestId('filter-entity').selectOption('all');
  await page.getByTestId('filter-text').fill('#1014');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await page.getByTestId('filter-text').fill('');

  // One order in every system, side by side.
  await page.getByTestId('result-7000000014').click();
  const detail = page.getByTestId('record-detail');
  await expect(detail.getByTestId('column-shopify')).toContainText('owner');
  await expect(detail.getByTestId('cell-stripe-captured')).toContainText('USD');
  await expect(detail.getByTestId('cell-netsuite-billed')).toHaveAttribute('data-different', 'true');
  await expect(detail.getByTestId('cell-shopify-refunded')).toBeVisible();
  await expect(detail.getByTestId('cell-netsuite-credited')).toBeVisible();
  const captured = await detail.getByTestId('cell-stripe-captured').innerText();
  const billed = await detail.getByTestId('cell-netsuite-billed').innerText();
  expect(Number.parseFloat(billed)).toBeGreaterThan(Number.parseFloat(captured));
  await app.screenshot('results-side-by-side');

  // Through to the canvas: the invoice request, its path lit, the rest dimmed.
  await detail.getByTestId('show-on-canvas').click();
  await expect(page.locator('.flows-item.is-active .flows-name')).toHaveText('Captures and refunds to billing');
  await expect(page.getByTestId('node-inspector').getByTestId('inspector-label')).toHaveValue('Ask NetSuite to invoice');
  await expect(page.locator('.react-flow__node.is-dimmed').first()).toBeAttached();
  await expect(page.locator('.react-flow__node:not(.is-dimmed)', { hasText: 'Ask NetSuite to invoice' })).toBeVisible();
  await expect(page.locator('.react-flow__node.is-dimmed', { hasText: 'Ask NetSuite for a credit memo' })).toBeAttached();
  await app.screenshot('results-on-canvas');

  // The rules behind it: widen the economics rule's tolerance past the partial capture and preview it on the
  // snapshot just read — only the payout is left, and nothing was read again.
  await page.getByTestId('nav-runs').click();
  await page.getByTestId('tab-rules').click();
  await expect(page.getByTestId('rule-count-payment-economics')).toHaveText('1');
  await page.getByTestId('rule-payment-economics').locator('.rule-summary').click();
  // Completion offers each system's canonical fields after its name.
  const when = page.getByTestId('rule-payment-economics').locator('.monaco-editor').first();
  await when.click();
  await page.keyboard.type('netsuite.');
  await expect(page.locator('.suggest-widget')).toContainText('billed');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.getByTestId('rule-tolerance-payment-economics').fill('10000');
  await page.getByTestId('rules-preview').click();
  await expect(page.getByTestId('rule-count-payment-economics')).toHaveText('0');
  await app.screenshot('results-rules');
  await page.getByTestId('tab-findings').click();
  await expect(page.getByTestId('results-count')).toHaveText('1 of 1');
  await expect(page.getByTestId('result-stripe:po_sbx00000001')).toBeVisible();

  // The workshop deliverable: the audit report, one printable page.
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-audit').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('Acme audit.html');
  const html = readFileSync(await download.path(), 'utf8');
  expect(html).toContain('Ownership: one owner per field');
  expect(html).toContain('Captures and refunds to billing');
  expect(html).toContain('stripe:po_sbx00000001');
  await page.setContent(html);
  await expect(page.locator('h1')).toHaveText('Acme — integration audit');
  await expect(page.locator('table.matrix td.owner').first()).toBeVisible();
  await app.screenshot('audit-report');
});
