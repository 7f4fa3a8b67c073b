import { buildSync } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeSandbox, nodeHostLauncher } from './code-sandbox';

/**
 * Code steps in the sandbox, attacked: each payload is a code step as a
 * consultant could write it, run in the real code host (QuickJS in its own
 * process). The main process plants canaries — an environment variable, a
 * file, a listening port — and afterwards none was read or contacted, its own
 * prototypes are untouched, its memory has not grown by 256 MiB, and its
 * event loop never stalled 100 ms. No code host grew by 256 MiB either: the
 * memory bombs are stopped inside it or it is killed first.
 */
const ROOT = join(__dirname, '..', '..', '..', '..');
const canaryDir = mkdtempSync(join(tmpdir(), 'steward-canary-'));
const CANARY = `steward-canary-${Math.random().toString(36).slice(2)}`;
let sandbox: CodeSandbox;
let server: Server;
let port = 0;
let connections = 0;
let canaryFile = '';
/** Every code host started, for the memory sampler. */
const hosts: number[] = [];

beforeAll(async () => {
  // The host as the build makes it (an ES module beside node_modules, so its packages resolve).
  const out = join(ROOT, 'node_modules', '.cache', 'steward-test');
  mkdirSync(out, { recursive: true });
  const script = join(out, 'code-host.mjs');
  buildSync({ entryPoints: [join(ROOT, 'src', 'main', 'services', 'code', 'code-host.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: script, logLevel: 'silent' });
  process.env['STEWARD_TEST_CANARY'] = CANARY;
  canaryFile = join(canaryDir, 'canary.txt');
  writeFileSync(canaryFile, CANARY);
  server = createServer((socket) => {
    connections += 1;
    socket.end(CANARY);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.address() as AddressInfo).port;
  sandbox = new CodeSandbox({
    script,
    deadlineMs: 1_000,
    graceMs: 400,
    launcher: (path) => {
      const host = nodeHostLauncher(path);
      if (host.pid !== undefined) hosts.push(host.pid);
      return host;
    },
  });
});

afterAll(async () => {
  sandbox.close();
  delete process.env['STEWARD_TEST_CANARY'];
  rmSync(canaryDir, { recursive: true, force: true });
  await new Promise((resolve) => server.close(resolve));
});

const step = (body: string): string => `export default function step(input: any): any {\n${body}\n}`;

describe('code steps', () => {
  it('run TypeScript with JSON in and JSON out', async () => {
    const code = 'interface Input { Order: { total: number; lines: { sku: string }[] } }\nexport default function step(input: Input): { total: number; skus: string } {\n  return { total: input.Order.total * 2, skus: input.Order.lines.map((line) => line.sku).join(",") };\n}';
    expect(await sandbox.run(code, { Order: { total: 1250, lines: [{ sku: 'A' }, { sku: 'B' }] } })).toEqual({ ok: true, output: { total: 2500, skus: 'A,B' } });
    expect(await sandbox.run(step('throw new Error("no total")'), {})).toEqual({ ok: false, reason: 'the code step threw Error: no total' });
    expect(await sandbox.run('export default function step( {', {})).toMatchObject({ ok: false, reason: expect.stringMatching(/^the code does not compile: /) as string });
  });
});

describe('the sandbox escape suite', () => {
  const payloads: [string, string][] = [
    ['process', 'return { v: typeof process }'],
    ['require', 'return { v: typeof require }'],
    ['module.require', 'return { v: typeof (module as any).require }'],
    ['dynamic import', 'return import("node:fs").then((fs) => fs.readFileSync(input.file, "utf8"))'],
    ['import() of a URL', 'return import("http://127.0.0.1:" + input.port + "/x.js")'],
    ['constructor chain from an object', 'return { v: ({}).constructor.constructor("return typeof process")() }'],
    ['constructor chain to globalThis.process', 'return { v: String(({}).constructor.constructor("return globalThis")().process) }'],
    ['Function("return this")', 'return { v: String(Function("return this")().process) }'],
    ['eval', 'return { v: eval("typeof require") }'],
    ['new Function', 'return { v: new Function("return typeof process")() }'],
    ['this at top level', 'return { v: String((function (this: any) { return this; })()) }'],
    ['fetch', 'return { v: typeof fetch, r: (globalThis as any).fetch?.("http://127.0.0.1:" + input.port) }'],
    ['XMLHttpRequest', 'return { v: typeof XMLHttpRequest }'],
    ['WebSocket', 'return { v: typeof WebSocket }'],
    ['timers', 'setTimeout(() => 1, 0); return {}'],
    ['setInterval', 'return { v: typeof setInterval, i: typeof setImmediate, q: typeof queueMicrotask }'],
    ['QuickJS std and os', 'return { s: typeof (globalThis as any).std, o: typeof (globalThis as any).os, f: (globalThis as any).std?.loadFile?.(input.file) }'],
    ['the environment', 'return { v: (globalThis as any).process?.env?.STEWARD_TEST_CANARY ?? null }'],
    ['every global name', 'return { v: Object.getOwnPropertyNames(globalThis).join(",") }'],
    ['WebAssembly', 'return { v: typeof WebAssembly }'],
    ['SharedArrayBuffer and Atomics.wait', 'const a = new Int32Array(new SharedArrayBuffer(4)); return { v: Atomics.wait(a, 0, 0) }'],
    ['prototype pollution of Object', '(Object.prototype as any).polluted = "yes"; return { v: ({} as any).polluted }'],
    ['pollution through the input', 'input.__proto__.polluted = "yes"; (input.constructor as any).prototype.polluted2 = "yes"; return { v: 1 }'],
    ['__proto__ in the output', 'return JSON.parse(\'{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}\')'],
    ['Error.prepareStackTrace', '(Error as any).prepareStackTrace = (_e: unknown, s: any[]) => s[0]?.getThis?.(); return { v: String(new Error("x").stack) }'],
    ['Symbol.species', 'class Evil extends Array { static get [Symbol.species]() { return function () { return (globalThis as any).process; }; } } return { v: String(new Evil(1, 2).map((x: number) => x)) }'],
    ['Proxy traps', 'const p = new Proxy({}, { get: (_t, key) => String(key) }); return { v: (p as any).process }'],
    ['a promise instead of a result', 'return Promise.resolve({ v: 1 })'],
    ['a getter that runs on serialisation', 'return { get v() { return typeof process; } }'],
    ['toJSON', 'return { toJSON() { return { v: typeof require }; } }'],
    ['stack overflow', 'const f = (): number => f() + 1; return { v: f() }'],
    ['infinite loop', 'while (true) {}'],
    ['a loop that catches its interrupt', 'for (;;) { try { for (;;) {} } catch { /* keep going */ } }'],
    ['catastrophic regular expression', 'return { v: /^(a+)+$/.test("a".repeat(40) + "b") }'],
    ['huge string', 'return { v: "x".repeat(2 ** 29).length }'],
    ['huge ArrayBuffer', 'return { v: new ArrayBuffer(2 ** 30).byteLength }'],
    ['ArrayBuffer bomb in a loop', 'const all: ArrayBuffer[] = []; for (;;) all.push(new ArrayBuffer(2 ** 24)); return {}'],
    ['string bomb in a loop', 'const all: string[] = []; for (;;) all.push("y".repeat(2 ** 20) + all.length); return {}'],
    ['typed array bomb', 'const all: Float64Array[] = []; for (let i = 0; i < 1e6; i++) all.push(new Float64Array(2 ** 20)); return {}'],
  ];

  it(`lets none of ${payloads.length} payloads out, kills what runs away, and never holds up the main process`, async () => {
    expect(payloads.length).toBeGreaterThanOrEqual(30);
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    // Each host's growth over its first reading (a fresh host has loaded QuickJS before it runs anything).
    const hostBase = new Map<number, number>();
    let hostGrowth = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      for (const pid of hosts) {
        const resident = residentOf(pid);
        if (resident === null) continue;
        const base = hostBase.get(pid) ?? resident;
        hostBase.set(pid, base);
        hostGrowth = Math.max(hostGrowth, resident - base);
      }
    }, 5);
    const outcomes: { name: string; ms: number; text: string }[] = [];
    for (const [name, body] of payloads) {
      const started = performance.now();
      const result = await sandbox.run(step(body), { file: canaryFile, port, Order: { total: 1 } });
      outcomes.push({ name, ms: performance.now() - started, text: JSON.stringify(result) });
    }
    clearInterval(sampler);
    loop.disable();
    if (process.env['STEWARD_ESCAPE_REPORT'] === '1') for (const outcome of outcomes) console.log(`${outcome.name.padEnd(40)} ${Math.round(outcome.ms).toString().padStart(5)} ms  ${outcome.text.slice(0, 160)}`);

    for (const outcome of outcomes) {
      // Nothing from the canaries came back, and nothing named the host's internals.
      expect(outcome.text, outcome.name).not.toContain(CANARY);
      expect(outcome.text, outcome.name).not.toMatch(/"v":"(function|object)"|\[object process\]/);
    }
    const byName = new Map(outcomes.map((outcome) => [outcome.name, outcome]));
    for (const name of ['process', 'require', 'fetch', 'XMLHttpRequest', 'WebAssembly', 'setInterval']) expect(byName.get(name)?.text, name).toMatch(/"v":"undefined"|ok":false/);
    const globals = JSON.parse(byName.get('every global name')?.text ?? '{}') as { output?: { v?: string } };
    for (const forbidden of ['process', 'require', 'fetch', 'std', 'os', 'setTimeout', 'WebAssembly']) expect(globals.output?.v?.split(',')).not.toContain(forbidden);
    // Runaways are stopped within 1.5 s, by QuickJS's interrupt or by the watchdog killing the host.
    for (const name of ['infinite loop', 'a loop that catches its interrupt', 'catastrophic regular expression', 'SharedArrayBuffer and Atomics.wait']) {
      expect(byName.get(name)?.ms, name).toBeLessThan(1_500);
      expect(byName.get(name)?.text, name).toContain('"ok":false');
    }
    for (const name of ['huge string', 'huge ArrayBuffer', 'ArrayBuffer bomb in a loop', 'string bomb in a loop', 'typed array bomb']) expect(byName.get(name)?.text, name).toMatch(/"ok":false.*(memory|deadline|killed)/);
    expect(byName.get('a promise instead of a result')?.text).toContain('not a promise');

    expect(connections).toBe(0);
    expect(readFileSync(canaryFile, 'utf8')).toBe(CANARY);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(peakRss - rssBefore).toBeLessThan(256 * 2 ** 20);
    if (process.platform === 'linux') {
      expect(hosts.length).toBeGreaterThan(1);
      expect(hostGrowth).toBeLessThan(256 * 2 ** 20);
    }
    if (process.env['STEWARD_ESCAPE_REPORT'] === '1') console.log(`hosts started ${hosts.length}; largest host growth ${Math.round(hostGrowth / 2 ** 20)} MiB; main process growth ${Math.round((peakRss - rssBefore) / 2 ** 20)} MiB; longest event-loop stall ${Math.round(loop.max / 1e6)} ms`);
    expect(loop.max / 1e6).toBeLessThan(100);
    // And after all that, the next step runs normally in a fresh host.
    expect(await sandbox.run(step('return { total: input.Order.total + 1 }'), { Order: { total: 41 } })).toEqual({ ok: true, output: { total: 42 } });
  }, 120_000);
});

/** A process's resident bytes from /proc (Linux), or null once it has gone. */
function residentOf(pid: number): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
  } catch {
    return null;
  }
}
