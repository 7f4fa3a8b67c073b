import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

/** Shared reporting for benchmarks: a readable table, then one JSON line. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The goal, in the same unit; `direction` says which side is good. */
  readonly goal: number;
  /** `reference`: reported for comparison, not measured against a goal. */
  readonly direction: 'at-most' | 'at-least' | 'reference';
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/** Milliseconds of each call of `work`, sorted, after `warmup` untimed calls. */
export function sample(runs: number, warmup: number, work: (index: number) => void): number[] {
  for (let index = 0; index < warmup; index += 1) work(index);
  const times: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const started = process.hrtime.bigint();
    work(index);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b);
}

function chromiumVersion(): string {
  for (const binary of [process.env['CHROMIUM_PATH'], '/usr/bin/chromium'].filter((path): path is string => path !== undefined)) {
    try {
      return execFileSync(binary, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      // try the next one
    }
  }
  return 'not installed';
}

export function machine(): { cores: number; cpu: string; node: string; chromium: string } {
  const all = cpus();
  return { cores: all.length, cpu: all[0]?.model ?? 'unknown', node: process.version, chromium: chromiumVersion() };
}

export function report(benchmark: string, figures: readonly Figure[], notes: Record<string, unknown> = {}): void {
  const rows = figures.map((figure) => {
    if (figure.direction === 'reference') return [figure.name, `${figure.value.toFixed(2)} ${figure.unit}`, 'reference', ''];
    const met = figure.direction === 'at-most' ? figure.value <= figure.goal : figure.value >= figure.goal;
    return [figure.name, `${figure.value.toFixed(2)} ${figure.unit}`, `${figure.direction === 'at-most' ? '≤' : '≥'} ${figure.goal} ${figure.unit}`, met ? 'met' : 'MISSED'];
  });
  const header = ['measure', 'value', 'goal', ''];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  process.stdout.write(`\n${benchmark}\n${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
  const summary = {
    benchmark,
    figures: Object.fromEntries(figures.map((figure) => [figure.name, { value: Number(figure.value.toFixed(3)), unit: figure.unit }])),
    goal: Object.fromEntries(figures.filter((figure) => figure.direction !== 'reference').map((figure) => [figure.name, `${figure.direction === 'at-most' ? '<=' : '>='} ${figure.goal} ${figure.unit}`])),
    met: rows.every((row) => row[3] === 'met' || row[2] === 'reference'),
    ...notes,
    machine: machine(),
  };
  process.stdout.write(`\n${JSON.stringify(summary)}\n`);
}
