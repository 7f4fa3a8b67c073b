/**
 * Every write request a simulator receives, counted per system, endpoint and
 * idempotency key, so tests can prove the runtime never sent an effect twice.
 */
export interface WriteCount {
  readonly system: string;
  readonly endpoint: string;
  readonly idempotencyKey: string | null;
  readonly count: number;
}

export class WriteCounters {
  private readonly counts = new Map<string, WriteCount>();

  record(system: string, endpoint: string, idempotencyKey: string | undefined): void {
    const key = `${system}\u0000${endpoint}\u0000${idempotencyKey ?? ''}`;
    const current = this.counts.get(key);
    this.counts.set(key, { system, endpoint, idempotencyKey: idempotencyKey ?? null, count: (current?.count ?? 0) + 1 });
  }

  list(system?: string): WriteCount[] {
    return [...this.counts.values()].filter((entry) => system === undefined || entry.system === system);
  }

  reset(): void {
    this.counts.clear();
  }
}
