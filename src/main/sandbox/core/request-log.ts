import { EventEmitter } from 'node:events';

/** What the sandbox did, newest last: requests served and webhooks sent. */
export type LogEntry =
  | { readonly kind: 'request'; readonly at: string; readonly system: string; readonly method: string; readonly path: string; readonly endpoint: string; readonly status: number; readonly ms: number; readonly fault?: string }
  | { readonly kind: 'webhook'; readonly at: string; readonly system: string; readonly topic: string; readonly url: string; readonly status: number | null; readonly attempt: number; readonly fault?: string };

export class RequestLog extends EventEmitter<{ entry: [LogEntry] }> {
  private readonly entries: LogEntry[] = [];

  constructor(private readonly limit = 2000) {
    super();
  }

  add(entry: LogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    this.emit('entry', entry);
  }

  recent(count = 200): LogEntry[] {
    return this.entries.slice(-count);
  }
}
