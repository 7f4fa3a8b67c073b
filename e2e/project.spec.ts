import { join } from 'node:path';
import { expect, test } from './fixtures';

test('a node added and moved with the mouse is still there after a reload', async ({ app, page }) => {
  await app.createProject('Order to cash');
  await app.dropNode('trigger', { x: 160, y: 160 });
  await app.dropNode('write', { x: 480, y: 200 });
  await expect(app.node('Trigger')).toBeVisible();
  await expect(app.node('Write')).toBeVisible();
  // Both nodes are still unconfigured (the inspector arrives with the designer); the write is unreachable too.
  const problems = page.getByTestId('problems-panel');
  await expect(problems).toContainText('NODE_UNREACHABLE');
  await expect(page.getByTestId('problem-count')).toHaveText('3 errors, 0 warnings');

  await app.moveNode('Write', { x: 60, y: 120 });
  await app.connect('Trigger', 'Write');
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await expect(problems).not.toContainText('NODE_UNREACHABLE');
  await expect(page.getByTestId('problem-count')).toHaveText('2 errors, 0 warnings');
  await app.waitSaved();
  const moved = await app.node('Write').boundingBox();
  await app.screenshot('flow-edited');

  await app.reload();
  await expect(app.node('Trigger')).toBeVisible();
  await expect(app.node('Write')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await expect(page.getByTestId('problem-count')).toHaveText('2 errors, 0 warnings');
  // The canvas fits the view on open, so compare positions relative to each other.
  const trigger = await app.node('Trigger').boundingBox();
  const write = await app.node('Write').boundingBox();
  expect(moved).not.toBeNull();
  expect((write?.y ?? 0) - (trigger?.y ?? 0)).toBeGreaterThan(100);
});

test('Save As continues in the copy and leaves the original as it was', async ({ app, page, host }) => {
  await app.createProject('Original');
  await app.dropNode('map', { x: 200, y: 200 });
  await app.waitSaved();
  await page.getByTestId('action-save-as').click();
  await page.getByTestId('project-path').fill(join(host.projectsDir, 'Copy.steward'));
  await page.getByTestId('project-submit').click();
  await expect(page.getByTestId('status-bar')).toContainText('Copy.steward');
  await expect(app.node('Map')).toBeVisible();
  await app.dropNode('check', { x: 420, y: 260 });
  await app.waitSaved();

  await app.openProject(join(host.projectsDir, 'Original.steward'));
  await expect(page.getByTestId('status-bar')).toContainText('Original.steward');
  await expect(app.node('Map')).toBeVisible();
  await expect(app.node('Check')).toHaveCount(0);
});

test('a deleted node stays deleted after a reload', async ({ app, page }) => {
  await app.createProject('Deletions');
  await app.dropNode('check', { x: 200, y: 200 });
  await app.node('Check').click();
  await page.keyboard.press('Delete');
  await expect(app.node('Check')).toHaveCount(0);
  await app.waitSaved();
  await app.reload();
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
});

test('each flow of a project keeps its own nodes', async ({ app, page }) => {
  await app.createProject('Two flows');
  const first = (await page.locator('.flows-item.is-active .flows-name').textContent()) ?? '';
  await app.dropNode('trigger', { x: 200, y: 200 });
  await page.getByTestId('flow-new').click();
  const active = page.locator('.flows-item.is-active .flows-name');
  await expect(active).not.toHaveText(first);
  const second = (await active.textContent()) ?? '';
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
  await app.dropNode('read', { x: 240, y: 220 });
  await app.waitSaved();

  // A reload comes back to the flow that was open.
  await app.reload();
  await expect(page.getByTestId(`flow-${second}`)).toHaveClass(/is-active/);
  await expect(app.node('Read')).toBeVisible();
  await page.getByTestId(`flow-${first}`).click();
  await expect(app.node('Trigger')).toBeVisible();
  await expect(app.node('Read')).toHaveCount(0);
  await expect(page.getByTestId(`flow-${first}`)).toContainText('1');
});

test('the flows list renames, duplicates and deletes flows and shows each one’s governance status', async ({ app, page }) => {
  await app.createProject('Flows list');
  const rows = await page.locator('.flows-row').count();
  const name = (await page.locator('.flows-item.is-active .flows-name').textContent()) ?? '';
  // The template's flows are clean; a lone write is not.
  await expect(page.getByTestId('flow-Order to ERP and 3PL').locator('.flow-status')).toHaveClass(/is-clean/);
  await app.dropNode('write', { x: 200, y: 200 });
  await expect(page.getByTestId(`flow-${name}`).locator('.flow-status')).toHaveClass(/is-error/);

  await page.getByTestId(`flow-${name}`).dblclick();
  await page.getByTestId('flow-rename').fill('Orders to ERP');
  await page.getByTestId('flow-rename').press('Enter');
  await expect(page.getByTestId('flow-Orders to ERP')).toBeVisible();

  await page.getByTestId('flow-duplicate').click();
  await expect(page.getByTestId('flow-Orders to ERP copy')).toHaveClass(/is-active/);
  await expect(app.node('Write')).toBeVisible();

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByTestId('flow-delete').click();
  await expect(page.getByTestId('flow-Orders to ERP copy')).toHaveCount(0);
  await expect(page.getByTestId('flow-Orders to ERP')).toHaveClass(/is-active/);
  await app.waitSaved();
  await app.reload();
  await expect(page.getByTestId('flow-Orders to ERP')).toBeVisible();
  await expect(page.locator('.flows-row')).toHaveCount(rows);
});

test('a project from the order-to-cash template opens on its working flows, every one clean', async ({ app, page }) => {
  await app.createProject('Acme', { templateFlows: true });
  await expect(page.locator('.flows-item')).toHaveCount(4);
  await expect(page.locator('.flows-item .flow-status.is-clean')).toHaveCount(4);
  await expect(page.getByTestId('problem-count')).toHaveText('0 errors, 0 warnings');
  await expect(app.node('Upsert NetSuite sales order')).toContainText('→ netsuite · Order (10 fields)');
  await app.screenshot('template-order-flow');
  await page.getByTestId('flow-Stock: reservations and storefront availability').click();
  await expect(app.node('Reserve stock in NetSuite')).toContainText('ask netsuite · Reservation');
  await app.screenshot('template-stock-flow');
});
