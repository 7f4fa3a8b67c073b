import { describe, expect, it } from 'vitest';
import type { FaultSettings } from '../../shared/sandbox/faults';
import { isSwitchOn, toggleSwitch } from './sandbox-faults';

const none: FaultSettings = { rules: [], webhooks: [], versions: [], stockWriters: [] };

describe('sandbox fault switches', () => {
  it('turn a rule on and off again, leaving other systems alone', () => {
    const other: FaultSettings = { ...none, rules: [{ system: 'stripe', endpoint: '*', latencyMs: 800 }] };
    const on = toggleSwitch(other, 'netsuite', 'drop');
    expect(on.rules).toEqual([{ system: 'stripe', endpoint: '*', latencyMs: 800 }, { system: 'netsuite', endpoint: '*', acceptThenDropRate: 0.3 }]);
    expect(isSwitchOn(on, 'netsuite', 'drop')).toBe(true);
    expect(isSwitchOn(on, 'stripe', 'drop')).toBe(false);
    expect(toggleSwitch(on, 'netsuite', 'drop')).toEqual(other);
  });

  it('read a switch from settings made elsewhere (a scenario), not from view state', () => {
    expect(isSwitchOn({ ...none, rules: [{ system: 'shipbob', endpoint: '*', storm: { count: 20 } }] }, 'shipbob', 'storm')).toBe(true);
    expect(isSwitchOn({ ...none, rules: [{ system: 'shipbob', endpoint: 'order.create', storm: { count: 20 } }] }, 'shipbob', 'storm')).toBe(false);
  });

  it('duplicate webhooks are a webhook fault', () => {
    const on = toggleSwitch(none, 'shopify', 'duplicates');
    expect(on.webhooks).toEqual([{ system: 'shopify', duplicateRate: 0.5 }]);
    expect(toggleSwitch(on, 'shopify', 'duplicates').webhooks).toEqual([]);
  });
});
