import { describe, expect, it } from 'vitest';
import { availableToPromise, decide, transition } from './reservations';

describe('the reservation protocol', () => {
  it('confirms from the owner’s available less what is already promised, and denies beyond it', () => {
    expect(decide(2, 10, 7)).toEqual({ state: 'confirmed', atp: 3, reason: '2 of 3 available to promise' });
    expect(decide(4, 10, 7)).toEqual({ state: 'denied', atp: 3, reason: '4 asked, 3 available to promise (10 available − 7 reserved)' });
    expect(decide(0, 10, 0).state).toBe('denied');
    expect(decide(1.5, 10, 0).state).toBe('denied');
    expect(availableToPromise(3, 5)).toBe(0);
  });

  it('moves a confirmed reservation to exactly one end, and never moves an end', () => {
    expect(transition('confirmed', 'commit')).toBe('committed');
    expect(transition('confirmed', 'release')).toBe('released');
    expect(transition('confirmed', 'expire')).toBe('expired');
    for (const end of ['denied', 'committed', 'released', 'expired'] as const) for (const event of ['commit', 'release', 'expire'] as const) expect(transition(end, event)).toBeNull();
  });
});
