import { expect, test } from './fixtures';

test('the Sandbox view starts a scenario, shows its traffic, and switches faults', async ({ app, page }) => {
  await app.createProject('Workshop');
  await page.getByTestId('nav-sandbox').click();
  await expect(page.getByTestId('view-sandbox')).toBeVisible();
  await expect(page.getByTestId('sandbox-state')).toHaveText('Stopped');

  await page.getByTestId('sandbox-scenario').selectOption('settlement-drift');
  await page.getByTestId('sandbox-seed').fill('7');
  await page.getByTestId('sandbox-start').click();
  await expect(page.getByTestId('sandbox-state')).toHaveText('Running “settlement-drift”, seed 7');
  const stripeUrl = (await page.getByTestId('sandbox-system-stripe').locator('td').nth(1).textContent()) ?? '';
  expect(stripeUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

  // A request without credentials is refused the way Stripe refuses it, and shows up live.
  const refused = await fetch(`${stripeUrl}/v1/payment_intents`);
  expect(refused.status).toBe(401);
  await expect(page.getByTestId('sandbox-log')).toContainText('GET /v1/payment_intents');
  await expect(page.getByTestId('sandbox-log')).toContainText('401');

  // The switch reflects main's fault settings after the round trip, not local state.
  await page.getByTestId('fault-stripe-storm').click();
  await expect(page.getByTestId('fault-stripe-storm')).toBeChecked();
  await app.reload();
  await page.getByTestId('nav-sandbox').click();
  await expect(page.getByTestId('fault-stripe-storm')).toBeChecked();
  await expect(page.getByTestId('sandbox-scenario')).toHaveValue('settlement-drift');
  await expect(page.getByTestId('sandbox-seed')).toHaveValue('7');
  await app.screenshot('sandbox');

  await page.getByTestId('sandbox-stop').click();
  await expect(page.getByTestId('sandbox-state')).toHaveText('Stopped');
  await expect(fetch(`${stripeUrl}/v1/payment_intents`)).rejects.toThrow();
});
