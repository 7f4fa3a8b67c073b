import { expect, test } from './fixtures';

test('the entity catalog takes a custom entity and field, refuses a taken name with the reason, and shows in the matrix', async ({ app, page }) => {
  await app.createProject('Catalog');
  await page.getByTestId('nav-ownership').click();
  await page.getByTestId('mode-catalog').click();
  await expect(page.getByTestId('entity-catalog')).toBeVisible();

  await page.getByTestId('new-entity').fill('Order');
  await page.getByTestId('new-entity').press('Enter');
  await expect(page.getByTestId('catalog-problem')).toHaveText('There is already an entity called Order.');

  await page.getByTestId('new-entity').fill('LoyaltyPoints');
  await page.getByTestId('new-entity').press('Enter');
  await expect(page.getByTestId('catalog-entity-LoyaltyPoints')).toBeVisible();
  await page.getByTestId('new-field').fill('balance');
  await page.getByTestId('new-field').press('Enter');
  await expect(page.getByTestId('catalog-field-LoyaltyPoints.balance')).toBeVisible();
  await app.screenshot('entity-catalog');

  await app.waitSaved();
  await app.reload();
  await page.getByTestId('nav-ownership').click();
  // A new entity has no owner yet: the matrix marks it as missing.
  await expect(page.getByTestId('row-LoyaltyPoints.balance')).toHaveClass(/is-missing/);
  await page.getByTestId('cell-LoyaltyPoints-shopify').click();
  await expect(page.getByTestId('row-LoyaltyPoints.balance')).toHaveClass(/is-owned/);
});
