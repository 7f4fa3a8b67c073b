import { expect, test } from './fixtures';

test('a trigger → map → write → await-ack flow built with the mouse, three fields mapped with a live preview, and clean', async ({ app, page }) => {
  await app.createProject('Order to ERP');
  await app.dropNode('trigger', { x: 80, y: 120 });
  await app.dropNode('map', { x: 330, y: 120 });
  await app.dropNode('write', { x: 580, y: 120 });
  await app.dropNode('await-ack', { x: 830, y: 120 });
  await app.connect('Trigger', 'Map');
  await app.connect('Map', 'Write');
  await app.connect('Write', 'Await ack');
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);

  // Trigger: Shopify orders.
  await app.inspect('Trigger');
  const inspector = page.getByTestId('node-inspector');
  await inspector.getByTestId('inspector-system').selectOption('shopify');
  await inspector.getByTestId('inspector-entity').selectOption('Order');

  // Map: three fields, one by dragging a source field, two typed; each previewed.
  await app.inspect('Map');
  await inspector.getByTestId('inspector-entity').selectOption('Order');
  await page.getByTestId('source-Order.orderId').dragTo(page.getByTestId('target-orderId'));
  await expect(page.getByTestId('expression-orderId')).toHaveValue('orderId');
  await expect(page.getByTestId('preview-orderId')).toHaveText('= "orderId-sample"');
  await page.getByTestId('expression-name').fill('"#" & orderId');
  await expect(page.getByTestId('preview-name')).toHaveText('= "#orderId-sample"');
  await page.getByTestId('expression-total').fill('subtotal + shipping + tax');
  await expect(page.getByTestId('preview-total')).toHaveText('= 3750');
  await page.getByTestId('expression-currency').fill('curency');
  await expect(page.getByTestId('mapping-editor')).toContainText('There is no field "curency" here');
  await page.getByTestId('expression-currency').fill('currency');
  // The focused expression is also open in Monaco, with the same checker inline.
  const editor = page.getByTestId('expression-editor');
  await expect(editor).toHaveAttribute('data-ready', 'true');
  await editor.locator('.monaco-editor').click();
  await page.keyboard.press('End');
  await page.keyboard.insertText(' & "x"');
  await expect(page.getByTestId('expression-currency')).toHaveValue('currency & "x"');
  await expect(page.getByTestId('preview-currency')).toHaveText('= "USDx"');
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText('upper(currency)');
  await expect(page.getByTestId('preview-currency')).toHaveText('= "USD"');
  for (const field of ['placedAt', 'customerEmail']) await page.getByTestId(`expression-${field}`).fill(field);
  await app.screenshot('mapping-editor');

  // Write: upsert into NetSuite by external id. The open inspector narrows the canvas, so
  // fit the view first, as a user would, to bring the write node out from under it.
  await page.locator('.react-flow__controls-fitview').click();
  await app.inspect('Write');
  await inspector.getByTestId('inspector-system').selectOption('netsuite');
  await inspector.getByTestId('inspector-entity').selectOption('Order');
  for (const field of ['orderId', 'name', 'placedAt', 'customerEmail', 'currency', 'total']) await inspector.getByTestId(`inspector-field-${field}`).check();
  await inspector.getByTestId('inspector-idempotency').selectOption('external-id');
  await inspector.locator('input.mono').last().fill('"shopify-" & orderId');

  await expect(page.getByTestId('problem-count')).toHaveText('0 errors, 0 warnings');
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await app.waitSaved();
  await app.screenshot('flow-built');

  await app.reload();
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  await expect(page.getByTestId('problem-count')).toHaveText('0 errors, 0 warnings');
  await app.inspect('Map');
  await expect(page.getByTestId('expression-total')).toHaveValue('subtotal + shipping + tax');
});
