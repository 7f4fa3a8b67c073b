import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Verdict } from './signatures';
import { verifyShopify, verifyStandard, verifyStripe } from './signatures';

/**
 * The local webhook receiver. Each system posts to `/webhooks/<systemId>`;
 * the body is read raw (1 MiB at most), its signature checked the vendor's
 * way, its event id deduped, and the vendor answered at once — well inside
 * its deadline — once the event is durable (`accept`). What the event means
 * is decided afterwards, off the request (`deliver`).
 *
 * Refused: a bad or missing signature and a stale signed timestamp (401), an
 * unknown system (404), anything but POST (405), a body over the cap (413),
 * a body that is not JSON (400). Every refusal is reported through `onRefused`,
 * never processed.
 */
export type SignatureKind = 'shopify' | 'stripe' | 'standard' | 'none';

export interface WebhookSource {
  readonly system: string;
  readonly signature: SignatureKind;
  /** The signing secret; a signed kind without one refuses everything (nothing unverified gets in). */
  readonly secret: string | undefined;
  /** Answer with what the flow made (`deliver`'s result) instead of at once: a request-response trigger. */
  readonly reply?: boolean;
}

export interface ReceivedEvent {
  readonly system: string;
  readonly eventId: string;
  readonly topic: string;
  readonly payload: unknown;
  readonly body: string;
}

export interface ReceiverOptions {
  readonly sources: readonly WebhookSource[];
  /**
   * Takes the event in: `fresh` is false when it was had before (answered 200
   * all the same, and not delivered again); `durable` resolves once it is on disk.
   */
  readonly accept: (event: ReceivedEvent) => { fresh: boolean; durable: Promise<void> };
  /** What the event means, decided off the request; for a replying source, its result is the answer's body. */
  readonly deliver: (event: ReceivedEvent) => unknown;
  readonly onRefused?: (system: string, reason: string) => void;
  readonly nowSeconds?: () => number;
  readonly maxBodyBytes?: number;
}

export const WEBHOOK_PATH = '/webhooks/';

export class WebhookReceiver {
  private server: Server | null = null;
  private readonly sources: ReadonlyMap<string, WebhookSource>;

  constructor(private readonly options: ReceiverOptions) {
    this.sources = new Map(options.sources.map((source) => [source.system, source]));
  }

  /** Listens on loopback; resolves with the base URL systems should post to. */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = createServer((request, response) => void this.handle(request, response));
    server.keepAliveTimeout = 10_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    return `http://${host}:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const answer = (status: number, message: string, result?: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(status < 300 ? { ok: true, ...(result === undefined ? {} : { result }) } : { error: message }));
    };
    const path = (request.url ?? '').split('?')[0] ?? '';
    const source = path.startsWith(WEBHOOK_PATH) ? this.sources.get(decodeURIComponent(path.slice(WEBHOOK_PATH.length))) : undefined;
    if (source === undefined) return answer(404, 'no such webhook');
    if (request.method !== 'POST') return answer(405, 'POST only');
    const body = await readBody(request, this.options.maxBodyBytes ?? 1 << 20);
    if (body === null) return this.refuse(source.system, 'the body is over the size limit', () => answer(413, 'too large'));
    const headers = flatten(request);
    const verdict = this.verify(source, body, headers);
    if (!verdict.ok) return this.refuse(source.system, verdict.reason, () => answer(401, 'signature refused'));
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      return this.refuse(source.system, 'the body is not JSON', () => answer(400, 'not JSON'));
    }
    const event: ReceivedEvent = { system: source.system, eventId: eventIdOf(source.signature, headers, payload, body), topic: topicOf(source.signature, headers, payload), payload, body: body.toString('utf8') };
    const { fresh, durable } = this.options.accept(event);
    if (!fresh) return answer(200, 'ok', source.reply === true ? { duplicate: true } : undefined);
    if (source.reply !== true) {
      try {
        await durable;
      } catch {
        // Not durable: the vendor retries, with the original payload.
        return answer(503, 'try again');
      }
      answer(200, 'ok');
      this.options.deliver(event);
      return;
    }
    // Replying: the flow starts while the inbox row commits — it commits with (or before) the flow's
    // first write intent — and the answer waits for both.
    const result = Promise.resolve(this.options.deliver(event));
    try {
      await durable;
    } catch {
      void result.catch(() => undefined);
      return answer(503, 'try again');
    }
    try {
      answer(200, 'ok', await result);
    } catch {
      // Taken in (the inbox has it) but not answered: the flow goes on from the inbox.
      answer(500, 'the flow failed');
    }
  }

  private refuse(system: string, reason: string, answer: () => void): void {
    this.options.onRefused?.(system, reason);
    answer();
  }

  private verify(source: WebhookSource, body: Buffer, headers: Record<string, string>): Verdict {
    if (source.signature === 'none') return { ok: true };
    if (source.secret === undefined) return { ok: false, reason: `${source.system} has no webhookSecret in the environment, so its webhooks cannot be verified` };
    const now = this.options.nowSeconds?.() ?? Math.floor(Date.now() / 1000);
    switch (source.signature) {
      case 'shopify':
        return verifyShopify(body, headers, source.secret);
      case 'stripe':
        return verifyStripe(body, headers, source.secret, now);
      case 'standard':
        return verifyStandard(body, headers, source.secret, now);
    }
  }
}

function flatten(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  // Plain events rather than an async iterator: this runs for every delivery.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > limit ? null : chunks.length === 1 ? (chunks[0] ?? Buffer.alloc(0)) : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** The vendor's dedupe key: Shopify's event id header, Stripe's event id, Standard Webhooks' id; ShipStation's resource URL. */
/** A string field of a JSON body, or '' when it has none. */
function field(payload: unknown, name: string): string {
  const value = (payload as Record<string, unknown> | null)?.[name];
  return typeof value === 'string' ? value : '';
}

function eventIdOf(kind: SignatureKind, headers: Record<string, string>, payload: unknown, body: Buffer): string {
  const fallback = (): string => body.toString('base64url').slice(0, 64);
  switch (kind) {
    case 'shopify':
      return headers['x-shopify-event-id'] ?? headers['x-shopify-webhook-id'] ?? fallback();
    case 'stripe':
      return field(payload, 'id') || fallback();
    case 'standard':
      return headers['webhook-id'] ?? '';
    case 'none':
      return field(payload, 'resource_url') || fallback();
  }
}

function topicOf(kind: SignatureKind, headers: Record<string, string>, payload: unknown): string {
  switch (kind) {
    case 'shopify':
      return headers['x-shopify-topic'] ?? '';
    case 'stripe':
      return field(payload, 'type');
    case 'standard':
      // Standard Webhooks carries the type in the body; ShipBob also names it in a header.
      return headers['x-webhook-topic'] ?? (field(payload, 'topic') || field(payload, 'type'));
    case 'none':
      return field(payload, 'resource_type');
  }
}
