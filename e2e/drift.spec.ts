import { expect, test } from './fixtures';

/**
 * Schema drift in the browser: Stripe's API version is changed in the
 * environments editor (an option, beside the base URL and credentials); the
 * next reconciliation sees `latest_charge` gone from payment intents, says
 * so beside the findings with the step that reads Stripe's payments, and
 * that step is marked on the canvas and listed in the Problems panel.
 */
test('an API version changed in the environment shows as schema drift, on the step that uses it', async ({ app, page }) => {
  await app.createProject('Acme', { templateFlows: true });
  await app.startSandbox('order-to-cash');
  await app.environmentFromSandbox('staging');
  await expect(page.getByTestId('environment-shipbob-option-channelId')).not.toHaveValue('');
  await expect(page.getByTestId('environment-stripe-option-apiVersion')).toHaveValue('');

  // The first reading: the payload shapes it sees become the baseline.
  await page.getByTestId('nav-runs').click();
  await page.getByTestId('reconcile-target').selectOption('environment:staging');
  await page.getByTestId('reconcile-start').click();
  await expect(page.getByTestId('reconcile-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('schema-drift')).toHaveCount(0);

  // The account is read in an older Stripe version.
  await page.getByTestId('nav-environments').click();
  await page.getByTestId('environment-stripe-option-apiVersion').fill('2022-08-01');
  await page.getByTestId('environment-save').click();
  await app.screenshot('environment-options');
  await page.getByTestId('environment-test-stripe').click();
  await expect(page.getByTestId('environment-result-stripe')).toContainText('Connected:');

  await page.getByTestId('nav-runs').click();
  await page.getByTestId('reconcile-start').click();
  await expect(page.getByTestId('reconcile-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const drift = page.getByTestId('schema-drift');
  await expect(drift).toContainText('latest_charge');
  await expect(drift).not.toContainText('shopify');
  await app.screenshot('results-drift');

  // The step that reads Stripe's payments, on the canvas, with the drift among its problems.
  await drift.getByRole('button', { name: 'Payment captured' }).click();
  await expect(page.locator('.flows-item.is-active .flows-name')).toHaveText('Captures and refunds to billing');
  await expect(page.getByTestId('problems-panel')).toContainText('latest_charge');
  await app.screenshot('canvas-drift');
});
