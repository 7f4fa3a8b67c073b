import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

const box = async (locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> => {
  const found = await locator.boundingBox();
  if (found === null) throw new Error('not on screen');
  return found;
};

/** Drags with real mouse moves from the centre of `locator` by `by` pixels. */
const drag = async (page: Page, locator: Locator, by: { x: number; y: number }): Promise<void> => {
  const start = await box(locator);
  const x = start.x + start.width / 2;
  const y = start.y + start.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + by.x / 2, y + by.y / 2, { steps: 5 });
  await page.mouse.move(x + by.x, y + by.y, { steps: 5 });
  await page.mouse.up();
};

/** Clicks the connection from one node to the next, halfway along it. */
const clickBetween = async (page: Page, from: Locator, to: Locator): Promise<void> => {
  const left = await box(from);
  const right = await box(to);
  // A connection's curve passes through the point halfway between its two handles.
  await page.mouse.click((left.x + left.width + right.x) / 2, (left.y + left.height / 2 + right.y + right.height / 2) / 2);
};

test('a node is put on a selected connection with its + or with Tab, one undo step each', async ({ app, page }) => {
  await app.createProject('Insert');
  const edges = page.locator('.react-flow__edge');
  await app.dropNode('trigger', { x: 80, y: 160 });
  await app.dropNode('write', { x: 700, y: 160 });
  await app.connect('Trigger', 'Write');
  await clickBetween(page, app.node('Trigger'), app.node('Write'));
  await page.getByTestId('edge-insert').click();
  await page.getByTestId('quick-add-input').fill('map');
  await page.keyboard.press('Enter');
  await expect(app.node('Map')).toBeVisible();
  await expect(edges).toHaveCount(2);
  await expect(page.locator('.react-flow__node.selected')).toHaveText(/Map/);
  await app.screenshot('edge-insert');

  // The new node's connection to Write is selected with a click, and Tab puts a check on it.
  await page.locator('.react-flow__pane').click({ position: { x: 200, y: 420 } });
  await clickBetween(page, app.node('Map'), app.node('Write'));
  await expect(page.locator('.react-flow__edge.selected')).toHaveCount(1);
  await page.keyboard.press('Tab');
  await page.getByTestId('quick-add-input').fill('check');
  await page.keyboard.press('Enter');
  await expect(app.node('Check')).toBeVisible();
  await expect(edges).toHaveCount(3);

  // Undo takes the check out and restores the connection it sat on, in one step.
  await page.keyboard.press('Control+Z');
  await expect(app.node('Check')).toHaveCount(0);
  await expect(edges).toHaveCount(2);
  await page.keyboard.press('Control+Shift+Z');
  await expect(edges).toHaveCount(3);

  // A kind that cannot sit on a path is refused with the reason.
  await page.locator('.react-flow__pane').click({ position: { x: 200, y: 420 } });
  await clickBetween(page, app.node('Trigger'), app.node('Map'));
  await page.getByTestId('edge-insert').click();
  await page.getByTestId('quick-add-input').fill('trigger');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('connection-refused')).toHaveText('Not inserted: Trigger nodes start transactions and cannot sit on a connection.');
  await expect(edges).toHaveCount(3);
  await app.waitSaved();
  await app.reload();
  await expect(edges).toHaveCount(3);
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
});

test('a frame groups the selection, moves it as one undo step, is renamed in place, and survives a reload', async ({ app, page }) => {
  await app.createProject('Frames');
  await app.dropNode('trigger', { x: 120, y: 160 });
  await app.dropNode('map', { x: 420, y: 160 });
  await app.dropNode('write', { x: 760, y: 420 });
  await app.node('Trigger').click();
  await app.node('Map').click({ modifiers: ['Shift'] });
  await page.keyboard.press('Control+G');
  const frame = page.getByTestId('frame-Group');
  await expect(frame).toBeVisible();
  await frame.locator('.canvas-frame-title').dblclick();
  await page.getByTestId('frame-input').fill('Order intake');
  await page.keyboard.press('Enter');
  const named = page.getByTestId('frame-Order intake');
  await expect(named).toBeVisible();

  // Dragging the title carries the framed nodes, not the one outside.
  const before = { trigger: await box(app.node('Trigger')), map: await box(app.node('Map')), write: await box(app.node('Write')), frame: await box(named) };
  await drag(page, named.locator('.canvas-frame-title'), { x: 120, y: 90 });
  const after = { trigger: await box(app.node('Trigger')), map: await box(app.node('Map')), write: await box(app.node('Write')), frame: await box(named) };
  const shift = { x: after.frame.x - before.frame.x, y: after.frame.y - before.frame.y };
  expect(shift.x).toBeGreaterThan(40);
  for (const key of ['trigger', 'map'] as const) {
    expect(Math.abs(after[key].x - before[key].x - shift.x)).toBeLessThan(2);
    expect(Math.abs(after[key].y - before[key].y - shift.y)).toBeLessThan(2);
  }
  expect(after.write).toEqual(before.write);

  // A click inside the frame, away from its title, reaches the canvas: nothing is selected.
  await page.mouse.click(after.frame.x + after.frame.width - 12, after.frame.y + after.frame.height - 12);
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(0);
  await app.waitSaved();
  await app.screenshot('frame');

  // The whole move is one step.
  await page.keyboard.press('Control+Z');
  await expect.poll(async () => Math.round((await box(app.node('Map'))).x - before.map.x)).toBe(0);
  await expect.poll(async () => Math.round((await box(named)).x - before.frame.x)).toBe(0);
  await page.keyboard.press('Control+Shift+Z');
  await app.waitSaved();
  await app.reload();
  await expect(page.getByTestId('frame-Order intake')).toBeVisible();
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
});

test('steps extracted into a sub-flow move to a new flow, called by one sub-flow node, and open from the inspector', async ({ app, page }) => {
  await app.createProject('Sub-flows');
  const edges = page.locator('.react-flow__edge');
  await app.dropNode('trigger', { x: 80, y: 160 });
  await app.dropNode('check', { x: 380, y: 160 });
  await app.dropNode('route', { x: 680, y: 160 });
  await app.connect('Trigger', 'Check');
  await app.connect('Check', 'Filter / route');
  const flowName = (await page.locator('.flows-item.is-active .flows-name').textContent()) ?? '';
  const flowCount = await page.locator('.flows-item').count();

  // A trigger cannot be part of a sub-flow: the canvas says why and nothing changes.
  await app.node('Trigger').click();
  await app.node('Check').click({ modifiers: ['Shift'] });
  await page.getByTestId('extract-subflow').click();
  await expect(page.getByTestId('connection-refused')).toContainText('Not extracted: "Trigger" is a trigger.');
  await expect(page.locator('.flows-item')).toHaveCount(flowCount);

  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await app.node('Check').click();
  await app.node('Filter / route').click({ modifiers: ['Shift'] });
  await page.getByTestId('extract-subflow').click();
  const partName = `${flowName} part`;
  await expect(page.getByTestId(`flow-${partName}`)).toBeVisible();
  await expect(app.node(partName)).toBeVisible();
  await expect(app.node('Check')).toHaveCount(0);
  await expect(edges).toHaveCount(1);
  await app.screenshot('sub-flow-caller');

  await app.node(partName).click();
  await page.getByTestId('open-subflow').click();
  await expect(app.node(`From ${flowName}`)).toBeVisible();
  await expect(app.node('Check')).toBeVisible();
  await expect(app.node('Filter / route')).toBeVisible();
  await expect(edges).toHaveCount(2);
  await app.screenshot('sub-flow-extracted');
  await app.waitSaved();
  await app.reload();
  await page.getByTestId(`flow-${flowName}`).click();
  await expect(app.node(partName)).toBeVisible();
  await expect(edges).toHaveCount(1);
});
