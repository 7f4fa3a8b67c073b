import { expect, test } from './fixtures';

/**
 * The live run view, end to end in Chromium against the real browser host:
 * a mapping slip, a run of the double-write scenario with the progress bar
 * and the node counters moving, a dead-lettered transaction opened step by
 * step, the mapping fixed, and the transaction replayed to success.
 */
test('a run shows its progress and node counters, and a dead-lettered transaction is replayed to success after the mapping is fixed', async ({ app, page }) => {
  await app.createProject('Acme', { templateFlows: true });
  await expect(page.locator('.flows-item.is-active .flows-name')).toHaveText('Order to ERP and 3PL');

  // The slip: only lines with more than two units go to the 3PL.
  await app.inspect('Order → 3PL order');
  await page.getByTestId('expression-lines').fill('filter(lines, quantity > 2)');
  await expect(page.getByTestId('problem-count')).toHaveText('0 errors, 0 warnings');

  await page.getByTestId('run-target').selectOption('scenario:double-write');
  await page.getByTestId('run-start').click();
  const progress = page.getByTestId('run-progress');
  // Watch it move: the counts change while it runs, then it ends.
  const seen = new Set<string>();
  await expect(async () => {
    seen.add(await page.getByTestId('run-counts').innerText());
    await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 50 });
  }).toPass({ timeout: 30_000, intervals: [50] });
  expect(seen.size).toBeGreaterThan(2);
  await expect(page.getByTestId('run-counts')).toContainText('dead-lettered');
  await expect(page.getByTestId('run-counter-Upsert NetSuite sales order')).toHaveText('✓ 24');
  await expect(page.getByTestId('run-counter-Create ShipBob order')).toContainText('✗');
  await app.screenshot('run-done');

  // The 3PL write's transactions, failures first; the first is the vendor's refusal.
  await app.inspect('Create ShipBob order');
  const runs = page.getByTestId('node-runs');
  await expect(runs).toContainText('dead-lettered');
  const refused = runs.locator('.node-run', { hasText: 'dead-lettered' }).first();
  const key = (await refused.locator('.node-run-key').innerText()).trim();
  await refused.click();
  const dialog = page.getByTestId('transaction-dialog');
  await expect(dialog.getByTestId('transaction-state')).toHaveText('dead-lettered');
  await expect(dialog).toContainText('Products: The Products field is required.');
  await expect(dialog).toContainText('Order → 3PL order');
  await app.screenshot('run-transaction-dead-lettered');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Fix the mapping, then replay that transaction through the flow as it is now.
  await app.fixLinesAndReplay(key);
  await app.screenshot('run-transaction-replayed');
  // Pin the order as it arrived, as sample data: the sales-order mapping now previews on it.
  await dialog.getByText('Output').first().click();
  await dialog.getByTestId('pin-order-created').click();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId(`transaction-${key}`)).toContainText('succeeded');
  // Back to the whole flow (the canvas followed the nodes inspected), then the mapping.
  await page.keyboard.press('Escape');
  await page.getByTestId('flow-canvas').click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('0');
  await app.inspect('Order → sales order');
  await expect(page.getByTestId('mapping-pinned')).toContainText('Order created');
  await expect(page.getByTestId('preview-name')).toHaveText(/^= "#1\d{3}"$/);
  await app.screenshot('mapping-pinned');
});

test('the 3PL swap in the app: ShipBob switched to ShipStation on the systems map, and the same flows run green against the moved merchant', async ({ app, page }) => {
  await app.createProject('Acme', { templateFlows: true });
  await page.getByTestId('nav-systems').click();
  await page.getByTestId('system-ShipBob').click();
  await page.getByTestId('system-switch-shipstation').click();
  await expect(page.getByTestId('system-ShipStation')).toContainText('shipstation');
  await expect(page.getByTestId('problem-count')).toHaveText('0 errors, 0 warnings');
  await app.screenshot('systems-3pl-switched');

  await page.getByTestId('nav-flows').click();
  await page.getByTestId('flow-Shipment to storefront and ERP').click();
  await page.getByTestId('run-target').selectOption('scenario:3pl-swap');
  // ShipStation allows 40 requests a minute; this is a functional run.
  await page.getByTestId('run-limits').uncheck();
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('run-counts')).not.toContainText('dead-lettered');
  // Shipments came from ShipStation's SHIP_NOTIFY into Shopify and NetSuite.
  await expect(page.getByTestId('run-counter-Order shipped')).toContainText('✓ 14');
  await expect(page.getByTestId('run-counter-Create Shopify fulfilment')).toContainText('✓ 14');
  await app.screenshot('run-3pl-swap');
});
