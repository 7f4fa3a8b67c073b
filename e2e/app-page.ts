import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import type { Host } from './fixtures';

/** What a user sees and does in the Steward window, as a page object. */
export class AppPage {
  constructor(
    readonly page: Page,
    readonly host: Host,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(this.host.url);
    await this.ready();
  }

  async ready(): Promise<void> {
    await expect(this.page.locator('[data-app-state="ready"]')).toBeVisible();
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.ready();
  }

  /**
   * A project from the order-to-cash template (its systems, catalog and flows).
   * Unless `templateFlows` is asked for, a new empty flow is opened to draw in,
   * as a consultant starting their own would.
   */
  async createProject(name: string, options: { templateFlows?: boolean } = {}): Promise<void> {
    await this.page.getByTestId('action-new').click();
    await this.page.getByTestId('project-name').fill(name);
    await this.page.getByTestId('project-submit').click();
    await expect(this.canvas).toBeVisible();
    // The dialog closes once the project is open; screens are taken after that, not mid-close.
    await expect(this.page.getByTestId('project-submit')).toBeHidden();
    if (options.templateFlows === true) return;
    const flows = this.page.locator('.flows-item');
    const before = await flows.count();
    await this.page.getByTestId('flow-new').click();
    await expect(flows).toHaveCount(before + 1);
    await expect(this.page.locator('.flows-item.is-active .flows-name')).toHaveText(`Flow ${before + 1}`);
    await expect(this.page.locator('.react-flow__node')).toHaveCount(0);
  }

  async openProject(path: string): Promise<void> {
    await this.page.getByTestId('action-open').click();
    await this.page.getByTestId('project-path').fill(path);
    await this.page.getByTestId('project-submit').click();
  }

  get canvas(): Locator {
    return this.page.getByTestId('flow-canvas');
  }

  node(label: string): Locator {
    return this.page.getByTestId(`node-${label}`);
  }

  /**
   * Selects a node and waits until the inspector shows it (not the node
   * selected before). A node outside the visible canvas (behind the inspector,
   * say) is first brought into view as a user would, by fitting the view:
   * clicking it blind lands on whatever covers it.
   */
  async inspect(label: string): Promise<Locator> {
    const node = this.node(label);
    if (!(await this.onCanvas(node))) {
      await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await this.page.keyboard.press('0');
      await expect.poll(() => this.onCanvas(node)).toBe(true);
    }
    await node.click();
    const inspector = this.page.getByTestId('node-inspector');
    await expect(inspector.getByTestId('inspector-label')).toHaveValue(label);
    return inspector;
  }

  /** Whether a node lies wholly inside the canvas's visible box. */
  private async onCanvas(node: Locator): Promise<boolean> {
    const [box, pane] = await Promise.all([node.boundingBox(), this.canvas.boundingBox()]);
    if (box === null || pane === null) return false;
    return box.x >= pane.x && box.y >= pane.y && box.x + box.width <= pane.x + pane.width && box.y + box.height <= pane.y + pane.height;
  }

  /** Drags a kind from the palette and drops it at a point of the canvas, with the mouse. */
  async dropNode(kind: string, at: { x: number; y: number }): Promise<void> {
    await this.page.getByTestId(`palette-${kind}`).dragTo(this.canvas, { targetPosition: at });
  }

  /** Drags a node by its body with real mouse moves. */
  async moveNode(label: string, by: { x: number; y: number }): Promise<void> {
    const box = await this.node(label).boundingBox();
    if (box === null) throw new Error(`node ${label} is not on screen`);
    const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await this.page.mouse.move(start.x, start.y);
    await this.page.mouse.down();
    await this.page.mouse.move(start.x + by.x / 2, start.y + by.y / 2, { steps: 5 });
    await this.page.mouse.move(start.x + by.x, start.y + by.y, { steps: 5 });
    await this.page.mouse.up();
  }

  /** Draws an edge from one node's output handle to another's input handle. */
  async connect(from: string, to: string): Promise<void> {
    const source = this.node(from).locator('.react-flow__handle.source');
    const target = this.node(to).locator('.react-flow__handle.target');
    await source.hover();
    await this.page.mouse.down();
    const box = await target.boundingBox();
    if (box === null) throw new Error(`node ${to} has no input handle on screen`);
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
    await this.page.mouse.up();
  }

  /** Drags a connection out of a node's output and lets go at a point of the page. */
  async dragFromOutput(from: string, to: { x: number; y: number }): Promise<void> {
    await this.node(from).locator('.react-flow__handle.source').first().hover();
    await this.page.mouse.down();
    await this.page.mouse.move(to.x, to.y, { steps: 8 });
    await this.page.mouse.up();
  }

  /** Starts the built-in sandbox with a scenario (seed 1) from the Sandbox view. */
  async startSandbox(scenario: string): Promise<void> {
    await this.page.getByTestId('nav-sandbox').click();
    await this.page.getByTestId('sandbox-scenario').selectOption(scenario);
    await this.page.getByTestId('sandbox-start').click();
    await expect(this.page.getByTestId('sandbox-state')).toHaveText(`Running “${scenario}”, seed 1`);
  }

  /** Makes (or refreshes) the environment `name` from the running sandbox, in the environments editor. */
  async environmentFromSandbox(name: string): Promise<void> {
    await this.page.getByTestId('nav-environments').click();
    await this.page.getByTestId('environment-name').fill(name);
    await this.page.getByTestId('environment-from-sandbox').click();
  }

  /** Sends the sandbox's history as webhooks from the Sandbox view (which stays open); returns how many. */
  async sendSandboxHistory(): Promise<number> {
    await this.page.getByTestId('nav-sandbox').click();
    await this.page.getByTestId('sandbox-send-history').click();
    return Number(/Sent (\d+) webhooks/.exec((await this.page.getByTestId('sandbox-sent').textContent()) ?? '')?.[1]);
  }

  /**
   * The fix of the run specs: the 3PL mapping's lines set right, then the
   * transaction `key` at the 3PL write replayed through the flow as it is
   * now, to success. Leaves its dialog open.
   */
  async fixLinesAndReplay(key: string): Promise<Locator> {
    await this.inspect('Order → 3PL order');
    await this.page.getByTestId('expression-lines').fill('lines');
    await this.inspect('Create ShipBob order');
    await this.page.getByTestId(`transaction-${key}`).click();
    const dialog = this.page.getByTestId('transaction-dialog');
    await dialog.getByTestId('transaction-replay').click();
    await expect(dialog.getByTestId('transaction-state')).toHaveText('succeeded');
    await expect(dialog).toContainText('replayed');
    return dialog;
  }

  async waitSaved(): Promise<void> {
    await expect(this.page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `test-results/screenshots/${name}.png` });
  }
}
