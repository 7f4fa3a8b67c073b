import { expect, test } from './fixtures';

test('the systems map shows the template, takes a new system and a drawn integration, and keeps them', async ({ app, page }) => {
  await app.createProject('Audit workshop');
  await page.getByTestId('nav-systems').click();
  for (const name of ['Shopify Plus', 'NetSuite', 'Stripe', 'ShipBob']) await expect(page.getByTestId(`system-${name}`)).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);

  await page.getByTestId('catalog-klaviyo').click();
  const klaviyo = page.getByTestId('system-Klaviyo');
  await expect(klaviyo).toBeVisible();
  await expect(page.getByTestId('system-inspector')).toBeVisible();

  // Draw today's integration Shopify → Klaviyo with the mouse, then note what hurts.
  await page.getByTestId('system-Shopify Plus').locator('.react-flow__handle.source').hover();
  await page.mouse.down();
  const target = await klaviyo.locator('.react-flow__handle.target').boundingBox();
  await page.mouse.move((target?.x ?? 0) + 4, (target?.y ?? 0) + 4, { steps: 10 });
  await page.mouse.up();
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);
  await page.getByTestId('integration-label').fill('Customer events');
  await page.getByTestId('integration-pain').fill('Consent changes in Klaviyo never reach Shopify.');
  await app.waitSaved();
  await app.screenshot('systems-map');

  await app.reload();
  await page.getByTestId('nav-systems').click();
  await expect(page.getByTestId('system-Klaviyo')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);
  await expect(page.getByText('Customer events')).toBeVisible();
});
