import type { FaultRule, FaultSettings, SandboxSystem } from '../../shared/sandbox/faults';

/**
 * The Sandbox view's fault switches, as edits of the fault settings that
 * main holds: a switch is on when its rule is present, so the view never
 * keeps a second copy of the truth.
 */
export const FAULT_SWITCHES = ['slow', 'errors', 'storm', 'drop', 'duplicates'] as const;
export type FaultSwitch = (typeof FAULT_SWITCHES)[number];

export const SWITCH_LABELS: Readonly<Record<FaultSwitch, string>> = {
  slow: 'Slow',
  errors: 'Errors',
  storm: '429 storm',
  drop: 'Drop writes',
  duplicates: 'Dup. hooks',
};

export const SWITCH_DETAILS: Readonly<Record<FaultSwitch, string>> = {
  slow: 'Every answer takes 800 ms longer',
  errors: "10 % of calls fail with the vendor's own 5xx body",
  storm: "The next 20 calls are throttled with the vendor's rate-limit answer",
  drop: 'A 2xx for 30 % of writes, whose effect never happens',
  duplicates: 'Half of the webhooks are delivered twice',
};

function rule(system: SandboxSystem, name: FaultSwitch): FaultRule | null {
  switch (name) {
    case 'slow':
      return { system, endpoint: '*', latencyMs: 800 };
    case 'errors':
      return { system, endpoint: '*', errorRate: 0.1 };
    case 'storm':
      return { system, endpoint: '*', storm: { count: 20 } };
    case 'drop':
      return { system, endpoint: '*', acceptThenDropRate: 0.3 };
    case 'duplicates':
      return null;
  }
}

const sameRule = (a: FaultRule, b: FaultRule): boolean => JSON.stringify(a) === JSON.stringify(b);

export function isSwitchOn(faults: FaultSettings, system: SandboxSystem, name: FaultSwitch): boolean {
  if (name === 'duplicates') return faults.webhooks.some((entry) => entry.system === system && (entry.duplicateRate ?? 0) > 0);
  const wanted = rule(system, name);
  return wanted !== null && faults.rules.some((existing) => sameRule(existing, wanted));
}

export function toggleSwitch(faults: FaultSettings, system: SandboxSystem, name: FaultSwitch): FaultSettings {
  const on = isSwitchOn(faults, system, name);
  if (name === 'duplicates') {
    const others = faults.webhooks.filter((entry) => entry.system !== system);
    return { ...faults, webhooks: on ? others : [...others, { system, duplicateRate: 0.5 }] };
  }
  const wanted = rule(system, name);
  if (wanted === null) return faults;
  return { ...faults, rules: on ? faults.rules.filter((existing) => !sameRule(existing, wanted)) : [...faults.rules, wanted] };
}
