import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/temp';
import { runCli } from '../../cli/cli';
import type { CliIo } from '../../cli/cli-io';
import { readRunHistory } from './run-history';

/**
 * Baselines over real runs: three clean runs of the order flow make the
 * baseline; a fourth against a NetSuite that accepts and then drops 30 % of
 * sales orders brings the ack rate down, and that is a critical alert on the
 * flow and on NetSuite — while the clean runs raised none.
 */
const tempDir = useTempDir();

async function cli(argv: string[], cwd: string): Promise<number> {
  const io: CliIo = { out: () => undefined, err: () => undefined, env: {}, cwd };
  return runCli(argv, io, Promise.resolve());
}

describe('run history', () => {
  it('gives each run its figures and raises a critical alert when the ack rate drops below the baseline', async () => {
    const dir = tempDir();
    await cli(['new', 'o2c.steward', '--template', 'order-to-cash'], dir);
    const journal = join(dir, 'o2c.steward.journal');
    for (let run = 0; run < 3; run += 1) expect(await cli(['run', 'o2c.steward', '--scenario', 'order-to-cash', '--flow', 'order-to-erp-and-3pl', '--no-limits'], dir)).toBe(0);
    const clean = readRunHistory(journal);
    expect(clean.runs).toHaveLength(3);
    expect(clean.runs.at(-1)?.flows['order-to-erp-and-3pl']).toMatchObject({ volume: 24, errorRate: 0, ackRate: 1 });
    expect(clean.runs.at(-1)?.systems['netsuite']?.volume).toBeGreaterThanOrEqual(24);
    expect(clean.alerts).toEqual([]);

    expect(await cli(['run', 'o2c.steward', '--scenario', 'silent-failure', '--flow', 'order-to-erp-and-3pl', '--no-limits'], dir)).toBe(1);
    const history = readRunHistory(journal);
    expect(history.runs).toHaveLength(4);
    const latest = history.runs.at(-1);
    expect(latest?.target).toBe('scenario silent-failure');
    expect(latest?.flows['order-to-erp-and-3pl']?.ackRate).toBeLessThan(0.95);
    const critical = history.alerts.filter((alert) => alert.severity === 'critical' && alert.measure === 'ackRate');
    expect(critical.map((alert) => alert.subject).sort()).toEqual(['flow order-to-erp-and-3pl', 'system netsuite']);
    expect(critical[0]?.message).toMatch(/ack rate fell to [\d.]+ % from a usual 100 %/);
  });
});
