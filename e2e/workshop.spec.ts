import { expect, test } from './fixtures';

/**
 * Issue 7's workshop, end to end through an environment set up in the editor:
 * the sandbox runs the double-write scenario, the environment is made from
 * it and its connections tested (a broken credential says exactly why), a
 * run listens for the systems' webhooks — only the events that arrive — while
 * the progress bar and node counters move, a dead-lettered transaction is
 * opened, the mapping fixed, and the transaction replayed to success against
 * the same systems.
 */
test('through an environment: connections tested, a listening double-write run, a dead letter fixed and replayed to success', async ({ app, page }) => {
  await app.createProject('Acme', { templateFlows: true });
  await app.startSandbox('double-write');
  await app.environmentFromSandbox('workshop');
  await page.getByTestId('environment-test-netsuite').click();
  await expect(page.getByTestId('environment-result-netsuite')).toContainText('Connected:');
  await page.getByTestId('environment-shipbob-token').fill('sb_not-the-token');
  await page.getByTestId('environment-save').click();
  await expect(page.getByTestId('environment-shipbob-token')).toHaveValue('');
  await page.getByTestId('environment-test-shipbob').click();
  await expect(page.getByTestId('environment-result-shipbob')).toContainText('refused the credentials (HTTP 401)');
  await app.screenshot('workshop-broken-credential');
  await page.getByTestId('environment-from-sandbox').click();
  await page.getByTestId('environment-test-shipbob').click();
  await expect(page.getByTestId('environment-result-shipbob')).toContainText('Connected:');

  // The consultant's slip: only lines with more than two units go to the 3PL.
  await page.getByTestId('nav-flows').click();
  await app.inspect('Order → 3PL order');
  await page.getByTestId('expression-lines').fill('filter(lines, quantity > 2)');
  await expect(page.getByTestId('problem-count')).toHaveText('0 errors, 0 warnings');

  // Listen to the environment's systems, taking only what arrives from now on.
  await page.getByTestId('run-target').selectOption('environment:workshop');
  await page.getByTestId('run-listen').check();
  await page.getByTestId('run-backfill').uncheck();
  await page.getByTestId('run-start').click();
  const listening = page.getByTestId('run-listening');
  await expect(listening).toContainText(/listening at http:\/\/127\.0\.0\.1:\d+: 0 events/, { timeout: 30_000 });
  // No order was read: the orders flow waits for its webhooks (NetSuite's stock is still polled).
  await expect(page.getByTestId('run-counter-Order created')).toHaveCount(0);

  // The storefront's week arrives as webhooks — with ShipBob slow today (800 ms an answer), so the bar and
  // the counters are seen moving while the run takes it in.
  await page.getByTestId('nav-sandbox').click();
  await page.getByTestId('fault-shipbob-slow').click();
  await expect(page.getByTestId('fault-shipbob-slow')).toBeChecked();
  const sent = await app.sendSandboxHistory();
  await page.getByTestId('nav-flows').click();
  const seen = new Set<string>();
  // Until every event is in and every transaction it started has ended ("N of ~N").
  await expect(async () => {
    const counts = await page.getByTestId('run-counts').innerText();
    seen.add(counts);
    const [, done, expected] = /^(\d+) of ~(\d+)/.exec(counts) ?? [];
    expect(counts).toContain(`: ${sent} events`);
    expect(Number(done)).toBeGreaterThan(10);
    expect(done).toBe(expected);
  }).toPass({ timeout: 60_000, intervals: [100] });
  await app.screenshot('workshop-listening');
  await page.getByTestId('run-stop-listening').click();
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  expect(seen.size).toBeGreaterThan(2);
  await expect(page.getByTestId('run-counts')).toContainText('dead-lettered');
  await expect(page.getByTestId('run-counter-Create ShipBob order')).toContainText('✗');

  // The 3PL's refusal, step by step.
  await app.inspect('Create ShipBob order');
  const refused = page.getByTestId('node-runs').locator('.node-run', { hasText: 'Products field is required' }).first();
  const key = (await refused.locator('.node-run-key').innerText()).trim();
  await refused.click();
  const dialog = page.getByTestId('transaction-dialog');
  await expect(dialog.getByTestId('transaction-state')).toHaveText('dead-lettered');
  await app.screenshot('workshop-dead-letter');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Fixed, then replayed through the flow as it is now, against the environment's systems.
  await app.fixLinesAndReplay(key);
  await app.screenshot('workshop-replayed');
});
