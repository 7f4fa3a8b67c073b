import { expect, test } from './fixtures';

test('the app shell shows navigation, an empty canvas and the status bar', async ({ app, page }) => {
  await expect(page.getByTestId('welcome')).toBeVisible();
  await app.screenshot('welcome');
  await app.createProject('Acme audit');

  for (const view of ['systems', 'ownership', 'flows', 'runs', 'sandbox']) {
    await expect(page.getByTestId(`nav-${view}`)).toBeEnabled();
  }
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
  await expect(page.getByText('Drag a node from the palette to start the flow, or press Tab.')).toBeVisible();
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

test('a page opened without its token says how to get in', async ({ page, host, consoleErrors }) => {
  await page.goto(host.url.replace(/#token=.*/, ''));
  await expect(page.locator('[data-app-state="ready"]')).toBeVisible();
  const notice = page.getByTestId('notice').first();
  await expect(notice).toHaveAttribute('data-code', 'HOST_DISCONNECTED');
  await expect(notice).toContainText('opened without its access token');
  await expect(page.locator('.status-dot')).toHaveClass(/is-closed/);
  await expect(page.getByTestId('notice')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/screenshots/no-token.png' });
  // The refused handshake is the one console error expected here.
  expect(consoleErrors.every((error) => error.includes('WebSocket'))).toBe(true);
  consoleErrors.splice(0);
});
