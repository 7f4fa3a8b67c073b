import { expect, test } from './fixtures';

test('the app shell shows navigation, an empty canvas and the status bar', async ({ app, page }) => {
  await expect(page.getByTestId('welcome')).toBeVisible();
  await app.screenshot('welcome');
  await app.createProject('Acme audit');

  for (const view of ['systems', 'ownership', 'flows', 'runs', 'sandbox']) {
    await expect(page.getByTestId(`nav-${view}`)).toBeEnabled();
  }
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
  await expect(page.getByText('Drag a node from the palette to start the flow.')).toBeVisible();
  const status = page.getByTestId('status-bar');
  await expect(status).toContainText('Browser host');
  await expect(status).toContainText('Acme audit.steward');
  await expect(status).toContainText('Saved');
  await app.screenshot('shell');

  await page.getByTestId('nav-ownership').click();
  await expect(page.getByTestId('view-ownership')).toBeVisible();
  await page.getByTestId('nav-flows').click();
  await expect(app.canvas).toBeVisible();
});

test('the theme switches to dark and stays dark after a reload', async ({ app, page }) => {
  await app.createProject('Theme check');
  const html = page.locator('html');
  const before = await html.getAttribute('data-theme');
  await page.getByTestId('theme-toggle').click();
  const after = before === 'dark' ? 'light' : 'dark';
  await expect(html).toHaveAttribute('data-theme', after);
  await app.reload();
  await expect(html).toHaveAttribute('data-theme', after);
  await app.screenshot(`shell-${after}`);
});
