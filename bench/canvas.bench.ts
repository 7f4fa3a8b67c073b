import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProjectStore } from '../src/main/services/project/project-store';
import type { FlowDocument } from '../src/shared/model/flow';
import { NODE_KINDS } from '../src/shared/model/node-kinds';
import { CHROMIUM_ARGS } from '../playwright.config';
import { percentile, report } from './report';

/**
 * The flow canvas at scale, in Chromium against the production build:
 * time until a big flow is interactive (its nodes rendered and a pan
 * answered within two frames), and frame times while panning and dragging.
 */
const root = process.cwd();
if (!existsSync(join(root, 'dist', 'renderer', 'index.html'))) spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });

function bigFlow(size: number): FlowDocument {
  return {
    id: `big-${size}`,
    name: `Big ${size}`,
    nodes: Array.from({ length: size }, (_, index) => ({ id: `n${index}`, kind: NODE_KINDS[index % NODE_KINDS.length] ?? 'map', label: `Step ${index}`, position: { x: (index % 50) * 230, y: Math.floor(index / 50) * 120 }, config: {} })),
    edges: Array.from({ length: size - 1 }, (_, index) => ({ id: `e${index}`, source: `n${index}`, target: `n${index + 1}`, sourceHandle: 'out' })),
  };
}

const home = mkdtempSync(join(tmpdir(), 'steward-canvas-bench-'));
const projects = join(home, 'projects');
mkdirSync(projects, { recursive: true });
for (const size of [2_000, 5_000]) {
  const store = ProjectStore.create(join(projects, `big-${size}.steward`), `Big ${size}`);
  const first = store.snapshot().flows[0]?.id ?? '';
  store.saveFlow({ ...bigFlow(size), id: first });
  store.close();
}

const host = spawn(process.execPath, [join(root, 'dist', 'node', 'browser-host.js'), '--port', '0'], { env: { ...process.env, STEWARD_HOME: home }, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((resolve, reject) => {
  let output = '';
  host.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const match = /Open (http\S+)/.exec(output);
    if (match?.[1] !== undefined) resolve(match[1]);
  });
  host.on('exit', () => reject(new Error(`browser host exited: ${output}`)));
});

const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });

async function timeToInteractive(page: Page, size: number): Promise<number> {
  await page.getByTestId('action-open').click();
  await page.getByTestId('project-path').fill(join(projects, `big-${size}.steward`));
  const started = Date.now();
  await page.getByTestId('project-submit').click();
  await page.locator('.react-flow__node').first().waitFor();
  if (process.env['CANVAS_BENCH_DEBUG'] !== undefined) process.stderr.write(`first node after ${Date.now() - started} ms\n`);
  // Interactive: a pan is answered within two frames.
  const viewport = page.locator('.react-flow__viewport');
  const before = await viewport.getAttribute('style');
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (pane === null) throw new Error('no pane');
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
  await page.mouse.down();
  await page.mouse.move(pane.x + pane.width / 2 - 40, pane.y + pane.height / 2 - 20);
  await page.mouse.up();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const after = await viewport.getAttribute('style');
  if (before === after) throw new Error('the pan was not answered');
  return Date.now() - started;
}

/** Frame times while the mouse moves the pane (or a node) in small steps. */
async function frames(page: Page, gesture: 'pan' | 'drag'): Promise<{ frames: number[]; longTasks: number }> {
  await page.evaluate(() => {
    const state = window as unknown as { __frames: number[]; __long: number; __stop: boolean };
    state.__frames = [];
    state.__long = 0;
    state.__stop = false;
    new PerformanceObserver((list) => {
      state.__long += list.getEntries().length;
    }).observe({ type: 'longtask', buffered: false });
    let last = performance.now();
    const tick = (now: number): void => {
      state.__frames.push(now - last);
      last = now;
      if (!state.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const target = gesture === 'pan' ? await page.locator('.react-flow__pane').boundingBox() : await page.locator('.react-flow__node').nth(3).boundingBox();
  if (target === null) throw new Error('nothing to move');
  const start = { x: target.x + (gesture === 'pan' ? target.width / 2 : 20), y: target.y + (gesture === 'pan' ? target.height / 2 : 10) };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let step = 1; step <= 120; step += 1) {
    await page.mouse.move(start.x + Math.sin(step / 10) * 150, start.y + Math.cos(step / 10) * 80);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  return page.evaluate(() => {
    const state = window as unknown as { __frames: number[]; __long: number; __stop: boolean };
    state.__stop = true;
    return { frames: state.__frames.slice(5), longTasks: state.__long };
  });
}

try {
  const results: Record<string, number> = {};
  for (const size of [2_000, 5_000]) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(url);
    await page.locator('[data-app-state="ready"]').waitFor();
    results[`tti-${size}`] = await timeToInteractive(page, size);
    if (size === 2_000) {
      for (const gesture of ['pan', 'drag'] as const) {
        const measured = await frames(page, gesture);
        const sorted = [...measured.frames].sort((a, b) => a - b);
        const total = measured.frames.reduce((sum, frame) => sum + frame, 0);
        results[`${gesture}-fps`] = (measured.frames.length / total) * 1000;
        results[`${gesture}-p95`] = percentile(sorted, 95);
        results[`${gesture}-long`] = measured.longTasks;
      }
    }
    await page.close();
  }
  const value = (key: string): number => results[key] ?? Number.NaN;
  report(
    'canvas',
    [
      { name: '2,000 nodes: time to interactive', value: value('tti-2000'), unit: 'ms', goal: 1_000, direction: 'at-most' },
      { name: '5,000 nodes: time to interactive', value: value('tti-5000'), unit: 'ms', goal: 2_500, direction: 'at-most' },
      { name: 'pan at 2,000 nodes: frames per second', value: value('pan-fps'), unit: 'fps', goal: 50, direction: 'at-least' },
      { name: 'pan at 2,000 nodes: p95 frame time', value: value('pan-p95'), unit: 'ms', goal: 33, direction: 'at-most' },
      { name: 'pan at 2,000 nodes: long tasks', value: value('pan-long'), unit: 'tasks', goal: 0, direction: 'at-most' },
      { name: 'drag at 2,000 nodes: frames per second', value: value('drag-fps'), unit: 'fps', goal: 50, direction: 'at-least' },
      { name: 'drag at 2,000 nodes: p95 frame time', value: value('drag-p95'), unit: 'ms', goal: 33, direction: 'at-most' },
      { name: 'drag at 2,000 nodes: long tasks', value: value('drag-long'), unit: 'tasks', goal: 0, direction: 'at-most' },
    ],
    { build: 'production (vite build)', browser: 'Debian Chromium, headless' },
  );
} finally {
  await browser.close();
  host.kill('SIGTERM');
  rmSync(home, { recursive: true, force: true });
}
