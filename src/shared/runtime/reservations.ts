/**
 * The reservation protocol of domain.md §4, as pure rules. A request is
 * confirmed or denied by the governor from the owner's data:
 * available-to-promise = the owner's available quantity − open confirmed
 * reservations. A confirmed reservation ends committed, released or expired;
 * nothing else moves it, and no end state moves again.
 */
export type ReservationState = 'confirmed' | 'denied' | 'committed' | 'released' | 'expired';
export type ReservationEvent = 'commit' | 'release' | 'expire';

export interface Decision {
  readonly state: 'confirmed' | 'denied';
  /** Available-to-promise before this request. */
  readonly atp: number;
  readonly reason: string;
}

export function decide(quantity: number, ownerAvailable: number, openReserved: number): Decision {
  const atp = Math.max(0, ownerAvailable - openReserved);
  if (!Number.isInteger(quantity) || quantity <= 0) return { state: 'denied', atp, reason: `a reservation needs a whole positive quantity, not ${quantity}` };
  if (quantity > atp) return { state: 'denied', atp, reason: `${quantity} asked, ${atp} available to promise (${ownerAvailable} available − ${openReserved} reserved)` };
  return { state: 'confirmed', atp, reason: `${quantity} of ${atp} available to promise` };
}

const MOVES: Readonly<Record<ReservationEvent, ReservationState>> = { commit: 'committed', release: 'released', expire: 'expired' };

/** The next state, or null when the event cannot apply (only a confirmed reservation moves). */
export function transition(state: ReservationState, event: ReservationEvent): ReservationState | null {
  return state === 'confirmed' ? MOVES[event] : null;
}

/** What the storefront may show: the owner's available quantity less what is promised. */
export function availableToPromise(ownerAvailable: number, openReserved: number): number {
  return Math.max(0, ownerAvailable - openReserved);
}
