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
  await app.dropNode('trigger', { x: 200, y: 200 });
  await page.getByTestId('flow-new').click();
  await expect(page.getByTestId('flow-Flow 2')).toHaveClass(/is-active/);
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
  await app.dropNode('read', { x: 240, y: 220 });
  await app.waitSaved();

  await app.reload();
  await page.getByTestId('flow-Main flow').click();
  await expect(app.node('Trigger')).toBeVisible();
  await expect(app.node('Read')).toHaveCount(0);
  await page.getByTestId('flow-Flow 2').click();
  await expect(app.node('Read')).toBeVisible();
  await expect(page.getByTestId('flow-Main flow')).toContainText('1');
});

test('the flows list renames, duplicates and deletes flows and shows each one’s governance status', async ({ app, page }) => {
  await app.createProject('Flows list');
  await app.dropNode('write', { x: 200, y: 200 });
  await expect(page.getByTestId('flow-Main flow').locator('.flow-status')).toHaveClass(/is-error/);

  await page.getByTestId('flow-Main flow').dblclick();
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
  await expect(page.locator('.flows-row')).toHaveCount(1);
});
