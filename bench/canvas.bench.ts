import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

let debugStart = 0;

async function timeToInteractive(page: Page, size: number): Promise<number> {
  await page.getByTestId('action-open').click();
  await page.getByTestId('project-path').fill(join(projects, `big-${size}.steward`));
  let started = Date.now();
  const profiler = process.env['CANVAS_BENCH_DEBUG'] === undefined ? null : await page.context().newCDPSession(page);
  await profiler?.send('Profiler.enable');
  await profiler?.send('Profiler.start');
  if (profiler !== null) await browser.startTracing(page, { categories: ['devtools.timeline'] });
  started = Date.now();
  debugStart = started;
  await page.getByTestId('project-submit').click();
  // The app may reopen the last project on start: wait for this one's flow, then its nodes.
  await page.getByTestId(`flow-Big ${size}`).waitFor();
  await page.locator('.react-flow__node').first().waitFor();
  if (process.env['CANVAS_BENCH_DEBUG'] !== undefined) process.stderr.write(`first node after ${Date.now() - started} ms\n`);
  // Interactive: a pan is answered within two frames.
  const viewport = page.locator('.react-flow__viewport');
  const before = await viewport.getAttribute('style');
  const empty = await emptyPoint(page);
  await page.mouse.move(empty.x, empty.y);
  await page.mouse.down();
  await page.mouse.move(empty.x - 40, empty.y - 20);
  await page.mouse.up();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const after = await viewport.getAttribute('style');
  if (before === after) throw new Error('the pan was not answered');
  const elapsed = Date.now() - started;
  if (profiler !== null) {
    process.stderr.write(`DOM: ${await page.locator('.react-flow__node').count()} nodes, ${await page.locator('.react-flow__edge').count()} edges, ${await page.evaluate(() => document.getElementsByTagName('*').length)} elements; viewport ${await viewport.getAttribute('style')}\n`);
    await page.screenshot({ path: join(root, 'test-results', 'screenshots', `canvas-${size}.png`) });
    const profile = (await profiler.send('Profiler.stop')).profile;
    // Open in Chrome DevTools' Performance panel for the whole picture.
    writeFileSync(join(root, 'test-results', `canvas-${size}.cpuprofile`), JSON.stringify(profile));
    printProfile(profile);
    const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: { name: string; ph: string; dur?: number; ts: number }[] };
    const totals = new Map<string, number>();
    for (const event of trace.traceEvents) if (event.ph === 'X' && event.dur !== undefined) totals.set(event.name, (totals.get(event.name) ?? 0) + event.dur / 1000);
    for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 15)) process.stderr.write(`${ms.toFixed(1).padStart(8)} ms  [trace] ${name}\n`);
    const origin = Math.min(...trace.traceEvents.filter((event) => event.ts > 0).map((event) => event.ts));
    for (const event of trace.traceEvents) if (event.ph === 'X' && (event.dur ?? 0) > 12_000) process.stderr.write(`[long] ${((event.ts - origin) / 1000).toFixed(0).padStart(6)} +${((event.dur ?? 0) / 1000).toFixed(0)} ms ${event.name}\n`);
  }
  return elapsed;
}

/** Debug aid: the functions that took the most time of their own, from a CPU profile. */
function printProfile(profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples?: number[]; timeDeltas?: number[] }): void {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  // Self time per function, in windows of 200 ms from the start of the profile.
  const windows = new Map<number, Map<string, number>>();
  let clock = 0;
  (profile.samples ?? []).forEach((id, index) => {
    const delta = (profile.timeDeltas?.[index] ?? 0) / 1000;
    clock += delta;
    const frame = byNode.get(id)?.callFrame;
    const key = frame === undefined ? '?' : `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() ?? ''}:${frame.lineNumber}`;
    const window = Math.floor(clock / 200) * 200;
    const self = windows.get(window) ?? new Map<string, number>();
    self.set(key, (self.get(key) ?? 0) + delta);
    windows.set(window, self);
  });
  for (const [window, self] of windows) {
    process.stderr.write(`-- from ${window} ms\n`);
    for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 14)) process.stderr.write(`${ms.toFixed(1).padStart(8)} ms  ${key}\n`);
  }
}

/** A point of the pane with no node on it, so a drag there pans. */
async function emptyPoint(page: Page): Promise<{ x: number; y: number }> {
  const box = await page.locator('.react-flow__pane').boundingBox();
  if (box === null) throw new Error('no pane');
  // Looked for over a few frames: the canvas may still be settling (the time counts towards the result).
  const point = await page.evaluate(
    (pane) =>
      new Promise<{ x: number; y: number } | null>((resolve) => {
        const started = performance.now();
        const look = (): void => {
          for (let y = pane.y + pane.height / 2; y < pane.y + pane.height - 20; y += 7) {
            for (let x = pane.x + pane.width / 3; x < pane.x + pane.width - 20; x += 11) {
              if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane') === true) return resolve({ x, y });
            }
          }
          if (performance.now() - started > 3_000) resolve(null);
          else requestAnimationFrame(look);
        };
        look();
      }),
    box,
  );
  if (point === null) {
    const centre = await page.evaluate((pane) => {
      const found = document.elementFromPoint(pane.x + pane.width / 2, pane.y + pane.height / 2);
      return found === null ? 'nothing' : `${found.tagName}.${found.getAttribute('class') ?? ''}`;
    }, box);
    throw new Error(`no empty point on the pane (its centre shows ${centre})`);
  }
  return point;
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
  const node = gesture === 'drag' ? await page.locator('.react-flow__node').nth(3).boundingBox() : null;
  const start = node === null ? await emptyPoint(page) : { x: node.x + 20, y: node.y + 10 };
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
    if (process.env['CANVAS_BENCH_DEBUG'] !== undefined) {
      // The IPC traffic of the open, timed from the click.
      page.on('websocket', (socket) => {
        const at = (): string => String(Date.now() - debugStart).padStart(6);
        socket.on('framesent', (frame) => process.stderr.write(`${at()} ms  sent ${String(frame.payload).slice(0, 60)}\n`));
        socket.on('framereceived', (frame) => process.stderr.write(`${at()} ms  got ${String(frame.payload).length} chars\n`));
      });
    }
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
