import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

/**
 * The environments editor in Chromium: the sandbox's environment set up in
 * one click, every connection tested for real, then a credential broken and
 * the exact reason shown — and the environment file holding references, not
 * credentials. Then a run against that environment, from the run bar.
 */
test('an environment from the running sandbox tests green, a broken credential says why, flows run against it, and a listening run takes in its webhooks', async ({ app, page }) => {
  await app.createProject('Acme', { templateFlows: true });
  await app.startSandbox('order-to-cash');
  await app.environmentFromSandbox('workshop');
  const editor = page.getByTestId('environment-editor');
  await expect(editor.locator('h2')).toHaveText('workshop');
  await expect(page.getByTestId('environment-netsuite-token')).toHaveAttribute('placeholder', 'stored — type to replace');
  for (const system of ['shopify', 'netsuite', 'stripe', 'shipbob']) {
    await page.getByTestId(`environment-test-${system}`).click();
    await expect(page.getByTestId(`environment-result-${system}`)).toContainText('Connected:');
  }
  await app.screenshot('environments-connected');

  // A wrong token: saved, tested, and the reason is the vendor's refusal, not "something went wrong".
  await page.getByTestId('environment-netsuite-token').fill('ns_not-the-token');
  await page.getByTestId('environment-save').click();
  await expect(page.getByTestId('environment-netsuite-token')).toHaveValue('');
  await page.getByTestId('environment-test-netsuite').click();
  await expect(page.getByTestId('environment-result-netsuite')).toContainText('refused the credentials (HTTP 401): Invalid login attempt');
  await app.screenshot('environments-broken-credential');
  // And a port with nothing behind it.
  await page.getByTestId('environment-stripe-baseUrl').fill('http://127.0.0.1:9');
  await page.getByTestId('environment-save').click();
  await page.getByTestId('environment-test-stripe').click();
  await expect(page.getByTestId('environment-result-stripe')).toContainText('Nothing is listening at 127.0.0.1:9');

  // The file on disk names the credentials; it never holds them.
  const file = (await editor.locator('.environment-head .muted').getAttribute('title')) ?? '';
  const text = readFileSync(file, 'utf8');
  expect(text).toContain('"token": "${STEWARD_WORKSHOP_NETSUITE_TOKEN}"');
  expect(text).not.toContain('ns_not-the-token');

  // Fix the token from the sandbox again, then run the flows against the environment.
  await page.getByTestId('environment-from-sandbox').click();
  // Saved anew: the earlier test results are cleared with it.
  await expect(page.getByTestId('environment-result-netsuite')).toBeHidden();
  await page.getByTestId('environment-test-netsuite').click();
  await expect(page.getByTestId('environment-result-netsuite')).toContainText('Connected:');
  await page.getByTestId('nav-flows').click();
  await page.getByTestId('run-target').selectOption('environment:workshop');
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('run-counter-Upsert NetSuite sales order')).toContainText('✓');

  // Listening: the run reads what is there, subscribes its receiver to each system, and runs every
  // webhook that arrives — here the sandbox's history, sent from the Sandbox view — until Stop listening.
  await page.getByTestId('run-listen').check();
  await page.getByTestId('run-start').click();
  const listening = page.getByTestId('run-listening');
  await expect(listening).toContainText(/listening at http:\/\/127\.0\.0\.1:\d+: 0 events/, { timeout: 30_000 });
  await expect(page.getByTestId('run-stop-listening')).toBeVisible();
  const sent = await app.sendSandboxHistory();
  expect(sent).toBeGreaterThan(50);
  await app.screenshot('sandbox-sent');
  await page.getByTestId('nav-flows').click();
  await expect(listening).toContainText(`: ${sent} events`, { timeout: 30_000 });
  await app.screenshot('run-listening');
  await page.getByTestId('run-stop-listening').click();
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(listening).toContainText(`listened: ${sent} events`);
  await expect(page.getByTestId('run-stop-listening')).toBeHidden();
  // This run's counters only: the 24 orders read first, then sent again as webhooks, were each upserted once.
  await expect(page.getByTestId('run-counter-Upsert NetSuite sales order')).toHaveText('✓ 24');
  await app.screenshot('run-listened');
});
