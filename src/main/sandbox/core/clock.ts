/**
 * The sandbox's clock: it runs with real time from a scenario's start, and
 * can be moved forward on purpose (authorisations expire, payouts arrive,
 * SLAs pass) without waiting.
 */
export class SandboxClock {
  private offset = 0;
  private readonly startedAt = Date.now();

  constructor(private readonly startAt: number) {}

  now(): number {
    return this.startAt + (Date.now() - this.startedAt) + this.offset;
  }

  iso(): string {
    return new Date(this.now()).toISOString();
  }

  /** Unix seconds, as Stripe and Standard Webhooks count time. */
  unix(): number {
    return Math.floor(this.now() / 1000);
  }

  advance(milliseconds: number): void {
    if (!Number.isFinite(milliseconds) || milliseconds < 0) throw new RangeError('the clock only moves forward');
    this.offset += milliseconds;
  }
}
