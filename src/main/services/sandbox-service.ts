import { z } from 'zod';
import type { EnvironmentFile } from '../../shared/environment/environment-file';
import type { FaultSettings } from '../../shared/sandbox/faults';
import type { SandboxLogEntry, SandboxStatus, ScenarioSummary } from '../../shared/sandbox/sandbox-view';
import { ProblemError } from '../../shared/problem';
import type { LogEntry } from '../sandbox/core/request-log';
import { Sandbox } from '../sandbox/sandbox';
import { loadScenario, scenarioNames } from '../sandbox/scenarios';

/**
 * The staging sandbox as the app drives it: one at a time, started from a
 * scenario and seed, its request log pushed to the window in small batches
 * so a busy run never floods the renderer.
 */
export interface SandboxServiceEvents {
  log(entries: SandboxLogEntry[]): void;
  status(status: SandboxStatus): void;
}

const BATCH_MS = 200;

export class SandboxService {
  private sandbox: Sandbox | null = null;
  private pending: SandboxLogEntry[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly events: SandboxServiceEvents) {}

  scenarios(): ScenarioSummary[] {
    return scenarioNames().map((name) => {
      const scenario = loadScenario(name);
      return { name, title: scenario.title, description: scenario.description, fieldNote: scenario.fieldNote ?? null, reproduces: scenario.reproduces, orders: scenario.world.orders };
    });
  }

  status(): SandboxStatus {
    const sandbox = this.sandbox;
    if (sandbox === null) return { running: false, scenario: null, seed: null, systems: [], faults: { rules: [], webhooks: [], versions: [], stockWriters: [] } };
    return {
      running: true,
      scenario: sandbox.scenario.name,
      seed: sandbox.options.seed,
      systems: Object.entries(sandbox.environment().systems).map(([id, binding]) => ({ id, connector: binding.connector, baseUrl: binding.baseUrl })),
      faults: sandbox.faults.current(),
    };
  }

  async start(scenarioName: string, seed: number): Promise<SandboxStatus> {
    await this.stop();
    const sandbox = await Sandbox.start({ scenario: loadScenario(scenarioName), seed });
    sandbox.log.on('entry', (entry) => this.queue(entry));
    this.sandbox = sandbox;
    return this.publish();
  }

  async stop(): Promise<SandboxStatus> {
    const sandbox = this.sandbox;
    this.sandbox = null;
    if (sandbox !== null) await sandbox.stop();
    return this.publish();
  }

  setFaults(settings: FaultSettings): SandboxStatus {
    if (this.sandbox === null) throw new ProblemError({ code: 'SANDBOX_NOT_RUNNING', message: 'The sandbox is not running.', hint: 'Start it first.' });
    this.sandbox.setFaults(settings);
    return this.publish();
  }

  /**
   * Sends the scenario's history as webhooks to whoever subscribed — in a
   * workshop, the traffic a listening run against this sandbox takes in.
   */
  sendHistory(): { sent: number; topics: Record<string, number> } {
    if (this.sandbox === null) throw new ProblemError({ code: 'SANDBOX_NOT_RUNNING', message: 'The sandbox is not running.', hint: 'Start it first.' });
    return this.sandbox.replayHistory();
  }

  /** The running sandbox's environment for these systems (by their connectors), or null when it is not running. */
  environmentFor(systems: readonly { readonly id: string; readonly connector: string }[]): EnvironmentFile | null {
    return this.sandbox?.environmentFor(systems) ?? null;
  }

  recentLog(count: number): SandboxLogEntry[] {
    return (this.sandbox?.log.recent(count) ?? []).map(toView);
  }

  private publish(): SandboxStatus {
    const status = this.status();
    this.events.status(status);
    return status;
  }

  private queue(entry: LogEntry): void {
    this.pending.push(toView(entry));
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const batch = this.pending;
      this.pending = [];
      this.events.log(batch);
    }, BATCH_MS);
  }
}

const Entry = z.object({ kind: z.enum(['request', 'webhook']) }).loose();

function toView(entry: LogEntry): SandboxLogEntry {
  Entry.parse(entry);
  return entry.kind === 'request'
    ? { kind: 'request', at: entry.at, system: entry.system, summary: `${entry.method} ${entry.path}`, status: entry.status, ms: entry.ms, fault: entry.fault ?? null }
    : { kind: 'webhook', at: entry.at, system: entry.system, summary: `${entry.topic} → ${entry.url} (attempt ${entry.attempt})`, status: entry.status, ms: null, fault: entry.fault ?? null };
}
