import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Replaces the step with a function whose body is `body`, typed: the editor
 * closes the function's brace and indents, as it does for a user.
 */
async function writeStep(page: Page, body: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.getByTestId('code-editor').locator('.monaco-editor').click({ position: { x: 80, y: 10 } });
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(`export default function step(input: Input): Output {\n  ${body}`);
}

test('a code step is written in Monaco as TypeScript, with the fields in scope completed and type errors inline', async ({ app, page }) => {
  await app.createProject('Code step');
  await app.dropNode('trigger', { x: 80, y: 120 });
  await app.dropNode('map', { x: 360, y: 120 });
  await app.connect('Trigger', 'Map');
  const inspector = page.getByTestId('node-inspector');
  await app.inspect('Trigger');
  await inspector.getByTestId('inspector-system').selectOption('shopify');
  await inspector.getByTestId('inspector-entity').selectOption('Order');
  await app.inspect('Map');
  await inspector.getByTestId('inspector-entity').selectOption('Order');
  await inspector.getByTestId('map-mode-code').click();

  const editor = page.getByTestId('code-editor');
  await expect(editor).toHaveAttribute('data-ready', 'true');
  await expect(editor).toContainText('return { orderId: input.Order.orderId };');
  await expect(app.node('Map')).toContainText('→ Order (code step)');

  // Completion knows the input's shape: after `input.Order.` it offers the order's fields.
  await writeStep(page, 'return { total: input.Order');
  await page.keyboard.type('.');
  await expect(page.locator('.suggest-widget')).toContainText('orderId', { timeout: 20_000 });
  // The list shows a window of the fields; typing narrows it to the one wanted.
  await page.keyboard.type('sub');
  await expect(page.locator('.suggest-widget')).toContainText('subtotal');
  await page.keyboard.press('Escape');

  // A string where Output wants money (minor units, a number) is a type error, shown inline.
  await writeStep(page, 'return { total: input.Order.name };');
  const squiggle = editor.locator('.squiggly-error');
  // The language service answers a moment after typing: point at the error until its message is the type error.
  await expect(async () => {
    await expect(squiggle).toHaveCount(1);
    const marked = await squiggle.boundingBox();
    if (marked === null) throw new Error('the error is not on screen');
    // The squiggle is drawn under the text: point at the text it marks.
    // Away first, so a hover left open from before closes, then onto the marked text.
    await page.mouse.move(0, 0);
    await expect(page.locator('.monaco-hover:not(.hidden)')).toHaveCount(0);
    await page.mouse.move(marked.x + marked.width / 2, marked.y + marked.height / 2);
    await expect(page.locator('.monaco-hover', { hasText: "Type 'string' is not assignable to type 'number'" })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await app.screenshot('code-step');

  // Fixed, the marker goes; the code is saved with the flow.
  await writeStep(page, 'return { total: (input.Order.subtotal ?? 0) + (input.Order.tax ?? 0) };');
  await expect(squiggle).toHaveCount(0, { timeout: 20_000 });
  await page.locator('.react-flow__pane').click({ position: { x: 200, y: 400 } });
  await app.waitSaved();
  await app.reload();
  await app.inspect('Map');
  await expect(page.getByTestId('code-editor')).toContainText('input.Order.subtotal');

  // Back to field mappings: the code goes, and undo brings it back.
  await inspector.getByTestId('map-mode-mappings').click();
  await expect(page.getByTestId('mapping-editor')).toBeVisible();
  await page.getByTestId('action-undo').click();
  await expect(page.getByTestId('code-editor')).toContainText('input.Order.subtotal');
});
