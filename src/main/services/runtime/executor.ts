import type { Outcome } from '../../../shared/runtime/failure';
import { scalarText } from '../../../shared/scalar';
import type { PipelinePlan, PlanStep } from '../../../shared/compile/plan';
import type { CodeRunner } from '../code/code-sandbox';
import type { Exchange } from '../connectors/http-client';
import type { Journal, TransactionState } from './journal';

/**
 * Runs a pipeline plan, one transaction per trigger record (domain.md §4).
 * It walks the plan's steps, evaluates the compiled expressions itself, and
 * leaves every exchange with a system to `Effects` — vendor-specific writes,
 * look-ups, acks and reservation requests. Everything is journaled; a write's
 * intent is durable before its effect is sent, an effect already done is never
 * sent again, and one whose outcome is unknown is looked up first.
 */
type Step<K extends PlanStep['kind']> = Extract<PlanStep, { kind: K }>;
type Data = Record<string, unknown>;

export interface WriteAnswer {
  readonly outcome: Outcome;
  readonly response?: unknown;
  readonly exchanges?: readonly Exchange[];
}

export interface Effects {
  read(step: Step<'read'>, record: Data, key: string | null): Promise<{ outcome: Outcome; record?: Data; exchanges?: readonly Exchange[] }>;
  write(step: Step<'write'>, record: Data, idempotencyKey: string): Promise<WriteAnswer>;
  /** Whether a write whose outcome is unknown took effect: found records are not sent again. */
  lookup(step: Step<'write'>, record: Data, idempotencyKey: string): Promise<{ found: boolean; response?: unknown }>;
  ack(step: Step<'await-ack'>, write: { step: Step<'write'>; record: Data; idempotencyKey: string; response: unknown }): Promise<{ acked: boolean; reason: string; exchanges?: readonly Exchange[] }>;
  request(step: Step<'request'>, record: Data, transactionId: string): Promise<{ confirmed: boolean; reason: string; exchanges?: readonly Exchange[] }>;
}

export interface TriggerRecord {
  /** The record's key in its system (e.g. Shopify's legacyResourceId): the transaction's stable identity. */
  readonly key: string;
  readonly record: Data;
}

export interface TransactionResult {
  readonly id: string;
  readonly key: string;
  readonly state: Exclude<TransactionState, 'running'>;
  readonly failingNode?: string;
  readonly reason?: string;
  /** A succeeded transaction's last write's answer (e.g. the record it made), for a webhook that replies with it. */
  readonly response?: unknown;
}

interface Walk {
  state: Exclude<TransactionState, 'running'>;
  failingNode?: string;
  reason?: string;
  /** A write's outcome is unknown: the transaction stays open in the journal, for a resume to look it up. */
  unresolved?: boolean;
  /** Set when a route ended a path; a transaction that wrote nothing then ends `filtered`. */
  filteredBy?: string;
  /** The record the last journaled step ended with: the next step's input is not journaled again when it is this one. */
  journaled?: unknown;
  /** The last write on the path, for the await-ack that follows it. */
  lastWrite?: { step: Step<'write'>; record: Data; idempotencyKey: string; response: unknown };
}

/** The boundaries around a write's journal rows and its send, where crash tests stop the process. */
export type CrashPoint = 'before-intent' | 'after-intent' | 'after-send' | 'after-settle';

export interface ExecutorOptions {
  readonly concurrency?: number;
  /** Called at each boundary of each write; a crash test kills the process there. */
  readonly atBoundary?: (point: CrashPoint, transactionId: string) => void;
  /** Called as each transaction ends, with how long it took: progress and latency. */
  readonly onTransaction?: (result: TransactionResult, durationMs: number) => void;
  /** Runs code steps (in the code sandbox's own process); without it a code step fails with that reason. */
  readonly code?: CodeRunner;
  /** Called as each step of a transaction ends, with its status: the live run view's node counters. */
  readonly onStep?: (nodeId: string, status: string) => void;
}

export class Executor {
  private readonly concurrency: number;
  private readonly atBoundary: (point: CrashPoint, transactionId: string) => void;
  private readonly onTransaction: (result: TransactionResult, durationMs: number) => void;
  private readonly code: CodeRunner | null;
  private readonly onStep: (nodeId: string, status: string) => void;

  constructor(
    private readonly plan: PipelinePlan,
    private readonly journal: Journal,
    private readonly effects: Effects,
    private readonly runId: string,
    options: ExecutorOptions | number = {},
  ) {
    const settings = typeof options === 'number' ? { concurrency: options } : options;
    this.concurrency = settings.concurrency ?? 8;
    this.atBoundary = settings.atBoundary ?? (() => undefined);
    this.onTransaction = settings.onTransaction ?? (() => undefined);
    this.code = settings.code ?? null;
    this.onStep = settings.onStep ?? (() => undefined);
  }

  /** Every record through the plan, `concurrency` at a time; results in input order. */
  async run(records: readonly TriggerRecord[], entry = this.plan.entries[0]): Promise<TransactionResult[]> {
    if (entry === undefined) return [];
    const results: TransactionResult[] = new Array<TransactionResult>(records.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let index = next++; index < records.length; index = next++) {
        const input = records[index];
        if (input === undefined) continue;
        const started = performance.now();
        const result = await this.transaction(entry, input);
        results[index] = result;
        this.onTransaction(result, performance.now() - started);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, records.length) }, worker));
    this.journal.flush();
    return results;
  }

  /**
   * One record as it arrives (a webhook), at most `concurrency` at a time
   * across calls. The same record submitted while it is in flight — a
   * redelivery, two events about one order — waits for that one transaction.
   */
  submit(input: TriggerRecord, entry: string): Promise<TransactionResult | null> {
    const id = `${this.plan.flowId}:${input.key}`;
    const running = this.inFlight.get(id);
    if (running !== undefined) return running;
    const started = performance.now();
    const done = this.slot()
      .then(async (release) => {
        try {
          // Cancelled while it waited for a slot: it never starts (null), and nothing of it is journaled.
          return this.cancelled ? null : await this.transaction(entry, input);
        } finally {
          release();
        }
      })
      .then((result) => {
        this.inFlight.delete(id);
        if (result !== null) this.onTransaction(result, performance.now() - started);
        return result;
      });
    this.inFlight.set(id, done);
    return done;
  }

  private readonly inFlight = new Map<string, Promise<TransactionResult | null>>();
  private cancelled = false;

  /** Transactions waiting for a slot do not start; those running finish. */
  cancel(): void {
    this.cancelled = true;
  }
  private active = 0;
  private readonly queued: (() => void)[] = [];

  private async slot(): Promise<() => void> {
    // A slot freed is handed straight to the next in line, so no newcomer slips in between.
    if (this.active < this.concurrency) this.active += 1;
    else await new Promise<void>((resolve) => this.queued.push(resolve));
    return () => {
      const next = this.queued.shift();
      if (next === undefined) this.active -= 1;
      else next();
    };
  }

  /** Settles the effects a crash left in doubt: looked up, never re-sent blindly. Returns how many were found done. */
  async recover(recordsById: ReadonlyMap<string, Data>): Promise<number> {
    let found = 0;
    for (const pending of this.journal.pendingEffects(this.runId)) {
      // Another flow's effects are that flow's executor's to settle.
      if (!pending.transactionId.startsWith(`${this.plan.flowId}:`)) continue;
      const step = this.plan.steps.get(pending.nodeId);
      const record = recordsById.get(pending.transactionId);
      if (step?.kind !== 'write' || record === undefined) continue;
      const result = await this.effects.lookup(step, record, pending.idempotencyKey);
      if (result.found) {
        found += 1;
        this.journal.settle({ runId: this.runId, transactionId: pending.transactionId, nodeId: pending.nodeId, state: 'done', response: result.response });
      }
    }
    this.journal.flush();
    return found;
  }

  private async transaction(entry: string, input: TriggerRecord): Promise<TransactionResult> {
    const id = `${this.plan.flowId}:${input.key}`;
    // Finished in an earlier attempt of this run (before a crash): its result stands.
    const ended = this.journal.ended(this.runId, id);
    if (ended !== null) return { id, key: input.key, state: ended.state, ...(ended.failingNode === null ? {} : { failingNode: ended.failingNode }), ...(ended.reason === null ? {} : { reason: ended.reason }) };
    this.journal.begin({ runId: this.runId, id, key: input.key, flowId: this.plan.flowId, input: input.record });
    const walk: Walk = { state: 'succeeded' };
    const started = new Date().toISOString();
    // The trigger's output is the transaction's input, journaled once with the transaction.
    this.journal.step({ runId: this.runId, transactionId: id, nodeId: entry, status: 'ok', startedAt: started, durationMs: 0 });
    this.onStep(entry, 'ok');
    walk.journaled = input.record;
    await this.follow(id, this.plan.steps.get(entry)?.next['out'] ?? [], input.record, walk);
    if (walk.state === 'succeeded' && walk.filteredBy !== undefined && walk.lastWrite === undefined) Object.assign(walk, { state: 'filtered', reason: walk.filteredBy });
    if (walk.unresolved !== true) this.journal.finish({ runId: this.runId, id, state: walk.state, ...(walk.failingNode === undefined ? {} : { failingNode: walk.failingNode }), ...(walk.reason === undefined ? {} : { reason: walk.reason }) });
    return {
      id,
      key: input.key,
      state: walk.state,
      ...(walk.failingNode === undefined ? {} : { failingNode: walk.failingNode }),
      ...(walk.reason === undefined ? {} : { reason: walk.reason }),
      ...(walk.state !== 'succeeded' || walk.lastWrite?.response === undefined || walk.lastWrite.response === null ? {} : { response: walk.lastWrite.response }),
    };
  }

  /** Runs each next step in turn; a path that fails stops the transaction. */
  private async follow(transactionId: string, stepIds: readonly string[], record: Data, walk: Walk): Promise<void> {
    for (const stepId of stepIds) {
      if (walk.state !== 'succeeded') return;
      const step = this.plan.steps.get(stepId);
      if (step === undefined) continue;
      const started = performance.now();
      const startedAt = new Date().toISOString();
      const outcome = await this.execute(transactionId, step, record, walk);
      // A step's input is journaled only when it is not the record journaled just before it (the previous
      // step's output, or the transaction's input): a linear flow stores each record once, not twice.
      this.journal.step({ runId: this.runId, transactionId, nodeId: step.id, status: outcome.status, ...(record === walk.journaled ? {} : { input: record }), output: outcome.output, exchanges: outcome.exchanges, startedAt, durationMs: performance.now() - started });
      walk.journaled = outcome.output ?? record;
      this.onStep(step.id, outcome.status);
      if (outcome.fail !== undefined) {
        Object.assign(walk, { state: outcome.fail.state, failingNode: step.id, reason: outcome.fail.reason });
        return;
      }
      for (const [handle, targets] of Object.entries(step.next)) if (outcome.handles.includes(handle)) await this.follow(transactionId, targets, outcome.output ?? record, walk);
    }
  }

  private async execute(transactionId: string, step: PlanStep, record: Data, walk: Walk): Promise<{ status: string; handles: string[]; output?: Data; exchanges?: readonly Exchange[]; fail?: { state: Walk['state']; reason: string } }> {
    switch (step.kind) {
      case 'map': {
        if (step.code !== null) return this.codeStep(step, record);
        const fields = Object.fromEntries(step.fields.map((field) => [field.field, field.value.evaluate(record)]));
        return { status: 'ok', handles: ['out'], output: { ...fields, [step.entity]: fields } };
      }
      case 'route': {
        const failed = step.conditions.find((condition) => condition.test.evaluate(record) !== true);
        if (failed === undefined) return { status: 'ok', handles: ['out'] };
        // This path ends here; other paths of the transaction go on.
        walk.filteredBy ??= `filtered out by "${failed.name}"`;
        return { status: 'filtered', handles: [] };
      }
      case 'check':
        return step.test.evaluate(record) === true ? { status: 'ok', handles: ['out'] } : { status: 'failed', handles: [], fail: { state: 'failed', reason: step.message === '' ? `"${step.label}" does not hold` : step.message } };
      case 'read': {
        const key = step.key === null ? null : scalarText(step.key.evaluate(record));
        const result = await this.effects.read(step, record, key);
        if (result.outcome.kind !== 'ok' || result.record === undefined) return { status: 'failed', handles: [], ...(result.exchanges === undefined ? {} : { exchanges: result.exchanges }), fail: { state: 'failed', reason: result.outcome.kind === 'ok' ? 'not found' : result.outcome.reason } };
        return { status: 'ok', handles: ['out'], output: { ...record, ...result.record, [step.entity]: result.record }, ...(result.exchanges === undefined ? {} : { exchanges: result.exchanges }) };
      }
      case 'write':
        return this.write(transactionId, step, record, walk);
      case 'await-ack': {
        if (walk.lastWrite === undefined) return { status: 'ok', handles: ['out'] };
        const ack = await this.effects.ack(step, walk.lastWrite);
        const exchanges = ack.exchanges === undefined ? {} : { exchanges: ack.exchanges };
        return ack.acked ? { status: 'ok', handles: ['out'], ...exchanges } : { status: 'unacknowledged', handles: [], ...exchanges, fail: { state: 'unacknowledged', reason: ack.reason } };
      }
      case 'request': {
        const answer = await this.effects.request(step, record, transactionId);
        return { status: answer.confirmed ? 'confirmed' : 'denied', handles: [answer.confirmed ? 'confirmed' : 'denied'], output: { ...record, reservation: { confirmed: answer.confirmed, reason: answer.reason } }, ...(answer.exchanges === undefined ? {} : { exchanges: answer.exchanges }) };
      }
      case 'error':
        // The reason travels with the record: a denied reservation says why.
        return { status: 'dead-lettered', handles: [], fail: { state: step.deadLetter ? 'dead-lettered' : 'failed', reason: scalarText((record['reservation'] as { reason?: unknown } | undefined)?.reason) || step.label } };
      case 'sub-flow':
        return { status: 'failed', handles: [], fail: { state: 'failed', reason: 'sub-flows run with the flow they call, which this runtime does not do yet' } };
      case 'trigger':
        return { status: 'ok', handles: ['out'] };
    }
  }

  /**
   * A code step: the record goes to the sandbox as JSON, grouped by entity as
   * the step's `Input` type says (the trigger's fields under its entity too),
   * and what comes back is the produced entity's fields. A step that throws,
   * runs away or is killed dead-letters this transaction with the reason.
   */
  private async codeStep(step: Step<'map'>, record: Data): Promise<{ status: string; handles: string[]; output?: Data; fail?: { state: Walk['state']; reason: string } }> {
    if (this.code === null || step.code === null) return { status: 'failed', handles: [], fail: { state: 'failed', reason: 'code steps need the code sandbox, which this run was not given' } };
    const trigger = this.plan.steps.get(this.plan.entries[0] ?? '');
    const entity = trigger?.kind === 'trigger' ? trigger.entity : undefined;
    const input = entity === undefined || record[entity] !== undefined ? record : { ...record, [entity]: record };
    const result = await this.code.run(step.code, input);
    if (!result.ok) return { status: 'failed', handles: [], fail: { state: 'dead-lettered', reason: result.reason } };
    const fields = result.output !== null && typeof result.output === 'object' && !Array.isArray(result.output) ? (result.output as Data) : {};
    // As a map of expressions does: the produced entity's fields are the record from here on.
    return { status: 'ok', handles: ['out'], output: { ...fields, [step.entity]: fields } };
  }

  private async write(transactionId: string, step: Step<'write'>, record: Data, walk: Walk): Promise<{ status: string; handles: string[]; exchanges?: readonly Exchange[]; fail?: { state: Walk['state']; reason: string } }> {
    const idempotencyKey = scalarText(step.idempotency.key.evaluate(record));
    const at = { runId: this.runId, transactionId, nodeId: step.id };
    const known = this.journal.effectState(this.runId, transactionId, step.id);
    if (known === 'done') {
      // Done before a crash or in an earlier attempt: never sent again.
      walk.lastWrite = { step, record, idempotencyKey, response: null };
      return { status: 'ok', handles: ['out'] };
    }
    if (known === 'intent' || known === 'unknown') {
      const found = await this.effects.lookup(step, record, idempotencyKey);
      if (found.found) {
        this.journal.settle({ ...at, state: 'done', response: found.response });
        walk.lastWrite = { step, record, idempotencyKey, response: found.response ?? null };
        return { status: 'ok', handles: ['out'] };
      }
    }
    this.atBoundary('before-intent', transactionId);
    await this.journal.intend({ ...at, system: step.system, idempotencyKey, request: { entity: step.entity, mode: step.mode, fields: step.fields } });
    this.atBoundary('after-intent', transactionId);
    const answer = await this.effects.write(step, record, idempotencyKey);
    this.atBoundary('after-send', transactionId);
    const exchanges = answer.exchanges === undefined ? {} : { exchanges: answer.exchanges };
    switch (answer.outcome.kind) {
      case 'ok':
        this.journal.settle({ ...at, state: 'done', response: answer.response });
        // The settle commits with the next batch; a crash before then is recovered like one after the send.
        this.atBoundary('after-settle', transactionId);
        walk.lastWrite = { step, record, idempotencyKey, response: answer.response ?? null };
        return { status: 'ok', handles: ['out'], ...exchanges };
      case 'unknown':
        this.journal.settle({ ...at, state: 'unknown' });
        walk.unresolved = true;
        return { status: 'unknown', handles: [], ...exchanges, fail: { state: 'failed', reason: `outcome unknown: ${answer.outcome.reason}; it will be looked up before anything is sent again` } };
      default:
        this.journal.settle({ ...at, state: 'failed', response: answer.response });
        // Permanent (or retries exhausted): to the dead letter with its context, for replay after a fix.
        return { status: 'failed', handles: [], ...exchanges, fail: { state: 'dead-lettered', reason: answer.outcome.reason } };
    }
  }
}
