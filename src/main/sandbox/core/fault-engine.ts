import type { FaultRule, FaultSettings, SandboxSystem, WebhookFaults } from '../../../shared/sandbox/faults';
import type { Random } from '../../../shared/sandbox/random';

/** What the fault settings say one request should suffer. */
export interface FaultDecision {
  readonly latencyMs: number;
  readonly outcome: 'throttle' | 'error' | 'reject' | 'drop' | null;
  readonly ignoreIdempotency: boolean;
}

const NONE: FaultDecision = { latencyMs: 0, outcome: null, ignoreIdempotency: false };

/**
 * Applies fault rules with the sandbox's seeded generator. A rule for
 * `salesOrder.*` matches every salesOrder endpoint; `*` matches all.
 */
export class FaultEngine {
  private settings: FaultSettings;
  private readonly storms = new Map<FaultRule, number>();

  constructor(
    settings: FaultSettings,
    private readonly random: Random,
  ) {
    this.settings = settings;
    this.resetStorms();
  }

  update(settings: FaultSettings): void {
    this.settings = settings;
    this.resetStorms();
  }

  current(): FaultSettings {
    return this.settings;
  }

  decide(system: SandboxSystem, endpoint: string, write: boolean): FaultDecision {
    const rules = this.settings.rules.filter((rule) => rule.system === system && matches(rule.endpoint, endpoint));
    if (rules.length === 0) return NONE;
    let latencyMs = 0;
    let outcome: FaultDecision['outcome'] = null;
    let ignoreIdempotency = false;
    for (const rule of rules) {
      latencyMs = Math.max(latencyMs, rule.latencyMs ?? 0);
      ignoreIdempotency ||= rule.ignoreIdempotency === true;
      if (outcome !== null) continue;
      const storm = this.storms.get(rule);
      if (storm !== undefined && storm > 0) {
        this.storms.set(rule, storm - 1);
        outcome = 'throttle';
      } else if (this.roll(rule.throttleRate)) outcome = 'throttle';
      else if (this.roll(rule.errorRate)) outcome = 'error';
      else if (write && this.roll(rule.rejectRate)) outcome = 'reject';
      else if (write && this.roll(rule.acceptThenDropRate)) outcome = 'drop';
    }
    return { latencyMs, outcome, ignoreIdempotency };
  }

  webhookFaults(system: SandboxSystem): WebhookFaults | undefined {
    return this.settings.webhooks.find((faults) => faults.system === system);
  }

  version(system: SandboxSystem): string | undefined {
    return this.settings.versions.find((entry) => entry.system === system)?.version;
  }

  roll(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.random.next() < rate;
  }

  private resetStorms(): void {
    this.storms.clear();
    for (const rule of this.settings.rules) if (rule.storm !== undefined) this.storms.set(rule, rule.storm.count);
  }
}

function matches(pattern: string, endpoint: string): boolean {
  if (pattern === '*' || pattern === endpoint) return true;
  return pattern.endsWith('.*') && endpoint.startsWith(pattern.slice(0, -1));
}
