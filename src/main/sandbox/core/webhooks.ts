import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import type { SandboxSystem } from '../../../shared/sandbox/faults';
import type { SandboxClock } from './clock';
import type { FaultEngine } from './fault-engine';
import type { RequestLog } from './request-log';

/**
 * Outbound webhooks as each vendor sends them: signed its way, retried with
 * the original payload when the receiver fails or is slow, and — when a
 * scenario asks — duplicated, dropped, reordered or badly signed.
 */
export interface Subscription {
  readonly id: string;
  readonly url: string;
  /** Topics this subscription receives; empty means all. */
  readonly topics: readonly string[];
}

export interface WebhookEvent {
  readonly id: string;
  readonly topic: string;
  readonly body: string;
  readonly timestamp: number;
}

export interface WebhookPolicy {
  /** Headers for one delivery, signature included. */
  headers(event: WebhookEvent): Record<string, string>;
  /** Replace the signature with a wrong one (fault `corruptSignatureRate`). */
  corrupt(headers: Record<string, string>): Record<string, string>;
  /** How long the vendor waits for an answer. */
  readonly deadlineMs: number;
  /** Delays before each retry (compressed from the vendor's hours to seconds). */
  readonly retryDelaysMs: readonly number[];
}

export interface WebhookContext {
  readonly faults: FaultEngine;
  readonly log: RequestLog;
  readonly clock: SandboxClock;
}

export class WebhookDispatcher {
  private readonly subscriptions: Subscription[] = [];
  private held: (() => void)[] = [];
  private heldTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private closed = false;

  constructor(
    private readonly system: SandboxSystem,
    private readonly policy: WebhookPolicy,
    private readonly context: WebhookContext,
  ) {}

  subscribe(url: string, topics: readonly string[]): Subscription {
    const subscription = { id: randomUUID(), url, topics: [...topics] };
    this.subscriptions.push(subscription);
    return subscription;
  }

  list(): readonly Subscription[] {
    return this.subscriptions;
  }

  /** Sends `payload` as `topic` to every matching subscription. */
  emit(topic: string, payload: unknown, eventId: string = randomUUID()): void {
    const event: WebhookEvent = { id: eventId, topic, body: JSON.stringify(payload), timestamp: this.context.clock.unix() };
    for (const subscription of this.subscriptions) {
      if (subscription.topics.length > 0 && !subscription.topics.includes(topic)) continue;
      this.schedule(subscription, event);
    }
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    clearTimeout(this.heldTimer);
  }

  private schedule(subscription: Subscription, event: WebhookEvent): void {
    const faults = this.context.faults.webhookFaults(this.system);
    if (this.context.faults.roll(faults?.dropRate)) {
      this.logDelivery(subscription, event, null, 1, 'dropped');
      return;
    }
    const copies = this.context.faults.roll(faults?.duplicateRate) ? 2 : 1;
    const corrupt = this.context.faults.roll(faults?.corruptSignatureRate);
    for (let copy = 0; copy < copies; copy += 1) {
      const send = (): void => void this.deliver(subscription, event, 1, corrupt, copy > 0 ? 'duplicate' : undefined);
      if (faults?.outOfOrder === true) this.hold(send);
      else send();
    }
  }

  /** Holds deliveries briefly and releases them newest first. */
  private hold(send: () => void): void {
    this.held.push(send);
    clearTimeout(this.heldTimer);
    this.heldTimer = setTimeout(() => {
      const batch = this.held.reverse();
      this.held = [];
      for (const release of batch) release();
    }, 150);
  }

  private async deliver(subscription: Subscription, event: WebhookEvent, attempt: number, corrupt: boolean, fault?: string): Promise<void> {
    if (this.closed) return;
    // Signed at delivery with the wall clock, as vendors do (the sandbox's own clock is the business date).
    const signed = this.policy.headers({ ...event, timestamp: Math.floor(Date.now() / 1000) });
    const headers = { 'content-type': 'application/json', 'user-agent': `steward-sandbox/${this.system}`, ...(corrupt ? this.policy.corrupt(signed) : signed) };
    let status: number | null = null;
    try {
      const response = await request(subscription.url, {
        method: 'POST',
        headers,
        body: event.body,
        headersTimeout: this.policy.deadlineMs,
        bodyTimeout: this.policy.deadlineMs,
      });
      status = response.statusCode;
      await response.body.dump();
    } catch {
      status = null;
    }
    this.logDelivery(subscription, event, status, attempt, corrupt ? 'bad-signature' : fault);
    const failed = status === null || status < 200 || status >= 300;
    const delay = this.policy.retryDelaysMs[attempt - 1];
    if (failed && delay !== undefined && !this.closed) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.deliver(subscription, event, attempt + 1, corrupt, fault);
      }, delay);
      this.timers.add(timer);
    }
  }

  private logDelivery(subscription: Subscription, event: WebhookEvent, status: number | null, attempt: number, fault?: string): void {
    this.context.log.add({
      kind: 'webhook',
      at: this.context.clock.iso(),
      system: this.system,
      topic: event.topic,
      url: subscription.url,
      status,
      attempt,
      ...(fault === undefined ? {} : { fault }),
    });
  }
}
