import { expect, test } from './fixtures';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('undo and redo gestures, copy/paste a selection, and auto-layout, all persisted', async ({ app, page }) => {
  await app.createProject('Designer');
  const nodes = page.locator('.react-flow__node');
  await app.dropNode('trigger', { x: 120, y: 140 });
  await app.dropNode('map', { x: 380, y: 300 });
  await app.dropNode('write', { x: 640, y: 160 });
  await app.connect('Trigger', 'Map');
  await app.connect('Map', 'Write');
  await expect(nodes).toHaveCount(3);
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  // Undo the last three gestures (two connections and a drop), then redo them.
  for (let step = 0; step < 3; step += 1) await page.getByTestId('action-undo').click();
  await expect(nodes).toHaveCount(2);
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  await page.keyboard.press('Control+Shift+Z');
  await page.keyboard.press('Control+Shift+Z');
  await page.keyboard.press('Control+Shift+Z');
  await expect(nodes).toHaveCount(3);
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  // Copy the map and the write (with the edge between them) and paste them.
  await app.node('Map').click();
  await app.node('Write').click({ modifiers: ['Shift'] });
  await page.keyboard.press('Control+C');
  await page.keyboard.press('Control+V');
  await expect(nodes).toHaveCount(5);
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(2);

  // Auto-layout everything: one step, undoable.
  await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
  await page.getByTestId('auto-layout').click();
  const trigger = await app.node('Trigger').boundingBox();
  const map = await app.node('Map').boundingBox();
  const write = await app.node('Write').boundingBox();
  expect(trigger !== null && map !== null && write !== null).toBe(true);
  expect((map?.x ?? 0) > (trigger?.x ?? 0) && (write?.x ?? 0) > (map?.x ?? 0)).toBe(true);
  expect(Math.abs((map?.y ?? 0) - (trigger?.y ?? 0))).toBeLessThan(60);
  await app.waitSaved();
  await app.screenshot('designer-laid-out');

  await app.reload();
  await expect(nodes).toHaveCount(5);
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  const again = await app.node('Write').boundingBox();
  expect(Math.round((again?.x ?? 0) - (write?.x ?? 0))).toBeLessThan(400);
});

test('the palette finds nodes by system and entity, and Tab adds one at the cursor', async ({ app, page }) => {
  await app.createProject('Palette');
  await page.getByTestId('palette-search').fill('write netsuite');
  await expect(page.locator('.palette-item')).toHaveCount(1);
  await page.getByTestId('palette-write:netsuite').dragTo(app.canvas, { targetPosition: { x: 200, y: 150 } });
  await app.node('Write').click();
  await expect(page.getByTestId('inspector-system')).toHaveValue('netsuite');

  await page.getByTestId('palette-search').fill('');
  await app.canvas.hover({ position: { x: 500, y: 300 } });
  await page.locator('.react-flow__pane').click({ position: { x: 420, y: 260 } });
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('quick-add')).toBeVisible();
  await page.getByTestId('quick-add-input').fill('ack');
  await page.keyboard.press('Enter');
  await expect(app.node('Await ack')).toBeVisible();
  await expect(page.getByTestId('quick-add')).toHaveCount(0);
});

test('a connection refused says why, one dropped on a node body connects, and one dropped on empty canvas adds a wired node there', async ({ app, page }) => {
  await app.createProject('Wiring');
  await app.dropNode('trigger', { x: 80, y: 120 });
  await app.dropNode('trigger', { x: 380, y: 120 });
  const second = await app.node('Trigger 2').boundingBox();
  if (second === null) throw new Error('the second trigger is not on screen');
  await app.dragFromOutput('Trigger', { x: second.x + second.width / 2, y: second.y + second.height / 2 });
  await expect(page.getByTestId('connection-refused')).toHaveText('Not connected: Trigger nodes start transactions and take no input.');
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  await app.screenshot('connection-refused');

  const canvas = await app.canvas.boundingBox();
  if (canvas === null) throw new Error('the canvas is not on screen');
  await app.dragFromOutput('Trigger', { x: canvas.x + 300, y: canvas.y + 340 });
  await expect(page.getByTestId('quick-add')).toBeVisible();
  await page.getByTestId('quick-add-input').fill('map');
  await page.keyboard.press('Enter');
  await expect(app.node('Map')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);

  // Let go on a node's body rather than its handle: it connects when the kinds allow it.
  await app.dropNode('write', { x: 620, y: 120 });
  const write = await app.node('Write').boundingBox();
  if (write === null) throw new Error('the write node is not on screen');
  await app.dragFromOutput('Map', { x: write.x + write.width / 2, y: write.y + write.height - 8 });
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await app.waitSaved();
  await app.reload();
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
});

test('canvas search filters by kind, system and validity; ? shows the shortcut sheet', async ({ app, page }) => {
  await app.createProject('Search');
  await app.dropNode('trigger', { x: 100, y: 120 });
  await app.dropNode('write', { x: 350, y: 120 });
  await app.dropNode('write', { x: 600, y: 120 });
  await page.keyboard.press('Control+F');
  await expect(page.getByTestId('canvas-search')).toBeFocused();
  await page.getByTestId('canvas-search').fill('kind:write');
  await expect(page.getByTestId('canvas-search-count')).toHaveText('2 found');
  await expect(page.locator('.react-flow__node.is-dimmed')).toHaveCount(1);
  await page.getByTestId('canvas-search').fill('kind:trigger is:invalid');
  await expect(page.getByTestId('canvas-search-count')).toHaveText('1 found');
  await page.getByTestId('canvas-search').press('Escape');
  await expect(page.locator('.react-flow__node.is-dimmed')).toHaveCount(0);

  await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
  await page.keyboard.press('?');
  await expect(page.getByTestId('dialog-shortcuts')).toContainText('Add a node at the cursor');
  await app.screenshot('shortcuts');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('dialog-shortcuts')).toHaveCount(0);
});

test('a sticky note is written on the canvas, is not a step, survives a reload, and deletes like a node', async ({ app, page }) => {
  await app.createProject('Notes');
  await app.dropNode('trigger', { x: 80, y: 120 });
  await page.getByTestId('add-note').click();
  const input = page.getByTestId('note-input');
  await expect(input).toBeFocused();
  await input.fill('Stock is owned by NetSuite.\nThe 3PL asks; it never writes.');
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  const note = page.getByTestId('note-note-1');
  await expect(note).toContainText('Stock is owned by NetSuite.');
  // A note is not a step: the flow's problems and the inspector ignore it.
  await note.click();
  await expect(page.getByTestId('node-inspector')).toHaveCount(0);
  await app.waitSaved();
  await app.screenshot('sticky-note');
  await app.reload();
  await expect(page.getByTestId('note-note-1')).toContainText('The 3PL asks; it never writes.');
  await page.getByTestId('note-note-1').click();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('note-note-1')).toHaveCount(0);
  await expect(app.node('Trigger')).toBeVisible();
});

test('a node selected near the right edge is panned clear of the inspector that opens for it', async ({ app, page }) => {
  await app.createProject('Inspector');
  const canvas = await app.canvas.boundingBox();
  await app.dropNode('write', { x: (canvas?.width ?? 900) - 120, y: 300 });
  await app.node('Write').click();
  const inspector = page.getByTestId('node-inspector');
  await expect(inspector).toBeVisible();
  await expect
    .poll(async () => {
      const node = await app.node('Write').boundingBox();
      const panel = await inspector.boundingBox();
      return node !== null && panel !== null && node.x + node.width <= panel.x;
    })
    .toBe(true);
});
