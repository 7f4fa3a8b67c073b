// A load generator in its own process (so it does not share the simulator's
// event loop): keep-alive connections through undici's Pool, each sending
// the next request as soon as the previous answer arrives. Prints one JSON
// line: requests, non-2xx answers, elapsed seconds and latency percentiles.
// With `windows` > 1 the measured time is that many windows of `durationMs`
// each, and `rates` gives each window's requests per second: on a shared
// machine one window can fall in a neighbour's burst, so the caller can take
// the median.
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';

const spec = JSON.parse(process.argv[2] ?? '{}');
const { origin, connections = 16, durationMs = 4000, warmupMs = 500, windows = 1 } = spec;
// Many distinct requests (each webhook its own event) come in a file: too big for an argument.
const requests = spec.requestsFile === undefined ? spec.requests : JSON.parse(readFileSync(spec.requestsFile, 'utf8'));
const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });

let sent = 0;
let completed = 0;
let failed = 0;
const latencies = [];
let measuring = false;
const stopAt = Date.now() + warmupMs + durationMs * windows;
const perWindow = Array.from({ length: windows }, () => 0);
setTimeout(() => {
  measuring = true;
  completed = 0;
  failed = 0;
  latencies.length = 0;
}, warmupMs);
const measureStart = Date.now() + warmupMs;

async function worker() {
  while (Date.now() < stopAt) {
    const request = requests[sent % requests.length];
    sent += 1;
    const started = performance.now();
    const response = await pool.request({ path: request.path, method: request.method, headers: request.headers, body: request.body });
    await response.body.dump();
    if (!measuring) continue;
    completed += 1;
    const window = Math.floor((Date.now() - measureStart) / durationMs);
    if (window < windows) perWindow[window] += 1;
    if (response.statusCode >= 300) failed += 1;
    latencies.push(performance.now() - started);
  }
}

await Promise.all(Array.from({ length: connections }, worker));
const elapsed = (Date.now() - measureStart) / 1000;
latencies.sort((a, b) => a - b);
const at = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? 0;
await pool.close();
const rates = perWindow.map((count) => count / (durationMs / 1000));
process.stdout.write(`${JSON.stringify({ completed, failed, sent, elapsed, perSecond: completed / elapsed, rates, p50: at(50), p99: at(99) })}\n`);
