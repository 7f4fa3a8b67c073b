import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/temp';
import { reportCsv } from '../../../shared/reconcile/export';
import { ReconcileReport } from '../../../shared/reconcile/report';
import { runCli } from '../../cli/cli';
import { Sandbox } from '../../sandbox/sandbox';
import { loadScenario } from '../../sandbox/scenarios';

/**
 * Planted credentials, in every form they could leak in — as they are,
 * base64, hex and URL-encoded — are found nowhere a run or a
 * reconciliation leaves behind: the project file, the journal (and its WAL),
 * the run report, the reconcile report, its CSV export, the snapshot and the
 * audit report, or what the CLI printed (its log). The environment file
 * names them only as `${VAR}` references.
 */
const tempDir = useTempDir();
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await Sandbox.start({ scenario: loadScenario('silent-failure'), seed: 3, limits: false });
});
afterAll(async () => {
  await sandbox.stop();
});

function forms(secret: string): string[] {
  return [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex'), encodeURIComponent(secret)];
}

describe('secrets in a run', () => {
  it('appear in no file a run or a reconciliation writes and nothing they print, in any encoding', async () => {
    const dir = tempDir();
    const lines: string[] = [];
    const variables: Record<string, string> = {};
    const environment = sandbox.environment();
    // Every credential becomes a ${VAR} reference; the values live only in the process environment.
    const systems = Object.fromEntries(
      Object.entries(environment.systems).map(([system, binding]) => [
        system,
        {
          ...binding,
          credentials: Object.fromEntries(
            Object.entries(binding.credentials).map(([key, value]) => {
              const name = `${system}_${key}`.toUpperCase();
              variables[name] = value;
              return [key, `\${${name}}`];
            }),
          ),
        },
      ]),
    );
    writeFileSync(join(dir, 'env.json'), JSON.stringify({ ...environment, systems }, null, 2));
    const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line), env: variables, cwd: dir };
    expect(await runCli(['new', 'o2c.steward', '--template', 'order-to-cash'], io, Promise.resolve())).toBe(0);
    const code = await runCli(['run', 'o2c.steward', '--env', 'env.json', '--report', 'report.json'], io, Promise.resolve());
    expect([0, 1]).toContain(code);
    const report = readFileSync(join(dir, 'report.json'), 'utf8');
    expect(JSON.parse(report)).toMatchObject({ summary: { transactions: expect.any(Number) as number } });

    expect([0, 1]).toContain(await runCli(['reconcile', 'o2c.steward', '--env', 'env.json', '--no-limits', '--report', 'reconcile.json', '--snapshot', 'o2c.snapshot', '--audit', 'audit.html'], io, Promise.resolve()));
    // The CSV the results pane exports, from the same report.
    writeFileSync(join(dir, 'reconcile.csv'), reportCsv(ReconcileReport.parse(JSON.parse(readFileSync(join(dir, 'reconcile.json'), 'utf8')))));

    // The journal's writer closes its connection just after the run: wait for it, so the WAL is folded in.
    for (let waited = 0; existsSync(join(dir, 'o2c.steward.journal-wal')) && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    const written = readdirSync(dir).filter((file) => file !== 'env.json');
    expect(written).toEqual(expect.arrayContaining(['o2c.steward', 'o2c.steward.journal', 'report.json', 'reconcile.json', 'reconcile.csv', 'o2c.snapshot', 'audit.html']));
    // Whatever is there (a -wal or -shm file may be gone by the time it is read, as the writer closes).
    const readable = written.flatMap((file) => {
      try {
        return [{ where: file, text: readFileSync(join(dir, file)).toString('latin1') }];
      } catch {
        return [];
      }
    });
    const haystacks = [...readable, { where: 'CLI output', text: lines.join('\n') }];
    const secrets = Object.values(variables).filter((value) => value.length >= 8);
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    for (const secret of secrets) {
      for (const form of forms(secret)) {
        for (const haystack of haystacks) expect(haystack.text.includes(form), `${haystack.where} holds a form of a credential`).toBe(false);
      }
    }
    // And the journal did record the exchanges, so the absence means redaction, not silence.
    expect(haystacks.filter((haystack) => haystack.where.startsWith('o2c.steward.journal')).map((haystack) => haystack.text).join('')).toContain('[redacted]');
  }, 60_000);
});
