import { expect, test } from './fixtures';

test('a second owner of InventoryLevel.available is an error until it is resolved, and survives a reload', async ({ app, page, host }) => {
  // A project from the order-to-cash template, made by the CLI's own code path.
  const { ProjectStore } = await import('../src/main/services/project/project-store');
  const { loadTemplate } = await import('../src/main/services/templates');
  const path = `${host.projectsDir}/o2c.steward`;
  const { mkdirSync } = await import('node:fs');
  mkdirSync(host.projectsDir, { recursive: true });
  ProjectStore.create(path, 'Acme order to cash', { model: loadTemplate('order-to-cash').model }).close();

  await app.openProject(path);
  await page.getByTestId('nav-ownership').click();
  await expect(page.getByTestId('view-ownership')).toBeVisible();
  await expect(page.getByTestId('problems-panel')).toContainText('Every field has at most one owner.');
  await expect(page.getByTestId('problem-count')).toHaveText('0 errors, 0 warnings');

  const row = page.getByTestId('row-InventoryLevel.available');
  await expect(page.getByTestId('cell-InventoryLevel.available-netsuite')).toHaveText('o');
  await page.getByTestId('cell-InventoryLevel.available-shopify').click();
  await expect(row).toHaveClass(/is-contested/);
  await expect(row).toContainText('2 owners: netsuite, shopify');
  const problem = page.getByTestId('problem').filter({ hasText: 'OWNER_CONTESTED' });
  await expect(problem).toContainText('InventoryLevel.available has 2 owners');
  await expect(page.getByTestId('problem-count')).toHaveText('1 error, 0 warnings');
  await app.screenshot('ownership-contested');

  // The same error on the ownership canvas: a badge on the entity and the field marked.
  await page.getByTestId('mode-canvas').click();
  const entity = page.getByTestId('entity-InventoryLevel');
  await expect(entity).toHaveClass(/has-errors/);
  await expect(entity.locator('.entity-badge')).toHaveText('1');
  await expect(page.getByTestId('entity-field-InventoryLevel.available')).toHaveClass(/is-contested/);
  await expect(page.getByTestId('entity-field-InventoryLevel.available')).toContainText('netsuite + shopify');
  await app.screenshot('ownership-canvas');
  await page.getByTestId('mode-matrix').click();

  await app.waitSaved();
  await app.reload();
  await page.getByTestId('nav-ownership').click();
  await expect(row).toHaveClass(/is-contested/);

  // After the reload nothing is selected; clicking the finding selects the offending row.
  await expect(row).toHaveAttribute('aria-selected', 'false');
  await problem.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');

  // Resolving it: the storefront becomes a replica again.
  await page.getByTestId('cell-InventoryLevel.available-shopify').click();
  await expect(page.getByTestId('row-InventoryLevel.available')).not.toHaveClass(/is-contested/);
  await expect(page.getByTestId('problem-count')).toHaveText('0 errors, 0 warnings');
  await app.waitSaved();
  await app.reload();
  await page.getByTestId('nav-ownership').click();
  await expect(page.getByTestId('cell-InventoryLevel.available-shopify')).toHaveText('R');
  await expect(page.getByTestId('problems-panel')).toContainText('Every field has at most one owner.');
});
