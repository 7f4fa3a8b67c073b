import type { PipelinePlan } from '../../../shared/compile/plan';
import type { EnvironmentFile } from '../../../shared/environment/environment-file';
import type { Replay } from '../../sandbox/sandbox';
import { CODE_HOST_SCRIPT } from '../app-meta';
import { CodeSandbox } from '../code/code-sandbox';
import type { HostLauncher } from '../code/code-sandbox';
import { connectorsFor } from '../connectors/connectors';
import type { ManagedConnectorInstance } from '../connectors/connectors';
import { WebhookReceiver } from '../webhooks/receiver';
import type { ReceivedEvent, WebhookSource } from '../webhooks/receiver';
import { signatureKind, subscribe, vendorOf } from '../webhooks/subscriptions';
import { topicFor } from '../../../shared/vendors/vocabulary';
import { eventRecords } from './events';
import type { TransactionResult, TriggerRecord } from './executor';
import { Executor } from './executor';
import { Journal } from './journal';
import { ReservationLedger } from './reservation-ledger';
import { triggerRecords } from './sources';
import { VendorEffects } from './vendor-effects';

/**
 * One run of a project's flows against an environment (domain.md §4): the
 * transactions come from polling triggers read through their connectors and
 * from webhooks the local receiver takes in (registered with each system,
 * verified, deduped by event id, durable in the journal's inbox before the
 * vendor hears 200). With a `replay` (the sandbox), the scenario's history
 * arrives as webhooks, faults and all; otherwise webhook triggers are first
 * backfilled by reading, and the receiver listens for `listenSeconds`.
 */
export interface RunSetup {
  readonly plans: readonly PipelinePlan[];
  readonly environment: EnvironmentFile;
  readonly journalPath: string;
  readonly runId: string;
  readonly resume: boolean;
  readonly scenario: string | null;
  /** Asks the sandbox to send its history as webhooks; given only when Steward started the sandbox. */
  readonly replay?: () => Replay;
  /** With `replay`: the longest the run waits for webhooks. Without: how long it listens after the backfill. */
  readonly listenSeconds?: number;
  /**
   * Without `replay`: listen after the backfill until this is aborted (the
   * app's "Stop listening"); the run then ends `done`, not `cancelled`.
   */
  readonly listenUntil?: AbortSignal;
  /**
   * Without `replay`: whether webhook triggers first read what the system
   * already holds (default) or take only the events that arrive from now on.
   */
  readonly backfill?: boolean;
  /** Told once the receiver listens: where the systems were asked to send, and its live counts. */
  readonly onListening?: (listening: Listening) => void;
  /** How long with no new event and nothing in flight ends a replayed run. */
  readonly quietMs?: number;
  readonly webhookPort?: number;
  readonly concurrency?: number;
  /** Told as each transaction ends and each step of one does (the app's live run view). */
  readonly onTransaction?: (transaction: RunTransaction) => void;
  readonly onStep?: (flowId: string, nodeId: string, status: string) => void;
  /** Told how many more transactions are on their way, as far as it is known (records read, events the sandbox sends); negative when some turned out to be ones already counted. */
  readonly onExpected?: (count: number) => void;
  /** Cancels the run: nothing new starts, what is in flight finishes, and the run ends `cancelled`. */
  readonly signal?: AbortSignal;
  /** How the code host is started (the app passes Electron's utilityProcess); a Node child by default. */
  readonly codeHost?: HostLauncher;
  readonly log: (line: string) => void;
}

export interface Listening {
  /** The address each system was asked to send to, before `/webhooks/<system>`. */
  readonly url: string;
  /** Per system: the topics subscribed, or why the subscription was refused. */
  readonly subscriptions: { system: string; topics: string[]; refused: string | null }[];
  /** Updated in place as events arrive. */
  readonly stats: RunReport['webhooks'];
}

export interface RunTransaction extends Omit<TransactionResult, 'id' | 'response'> {
  readonly flow: string;
}

export interface RunReport {
  readonly summary: { transactions: number; succeeded: number; failed: number; deadLettered: number; unacknowledged: number; filtered: number; duration: number; rate: number };
  readonly run: { id: string; environment: string; scenario: string | null; flows: string[] };
  readonly webhooks: { received: number; duplicates: number; refused: number; refusals: { system: string; reason: string }[] };
  readonly transactions: RunTransaction[];
}

interface Entry {
  readonly plan: PipelinePlan;
  readonly entry: string;
  readonly executor: Executor;
}

export async function executeRun(setup: RunSetup): Promise<RunReport> {
  const connectors = connectorsFor(setup.environment);
  const journal = Journal.open(setup.journalPath);
  // The reservation ledger lives in the journal's file: one file per project's runs.
  const ledger = ReservationLedger.open(setup.journalPath);
  const effects = new VendorEffects(connectors, ledger);
  journal.startRun({ id: setup.runId, flows: setup.plans.map((plan) => plan.flowId), environment: setup.environment.name, scenario: setup.scenario });
  const started = performance.now();
  const results = new Map<string, RunTransaction>();
  const pending = new Set<Promise<unknown>>();
  const cursors: { flowId: string; nodeId: string; value: string }[] = [];
  let lastActivity = performance.now();
  const track = (work: Promise<unknown>): void => {
    pending.add(work);
    void work.finally(() => {
      pending.delete(work);
      lastActivity = performance.now();
    });
  };

  // Code steps run in their own process, started only when a flow has one.
  const hasCode = setup.plans.some((plan) => [...plan.steps.values()].some((step) => step.kind === 'map' && step.code !== null));
  const code = hasCode ? new CodeSandbox({ script: CODE_HOST_SCRIPT, ...(setup.codeHost === undefined ? {} : { launcher: setup.codeHost }) }) : undefined;
  const entries: Entry[] = setup.plans.flatMap((plan) => {
    const executor = new Executor(plan, journal, effects, setup.runId, {
      concurrency: setup.concurrency ?? 8,
      ...(code === undefined ? {} : { code }),
      ...(setup.onStep === undefined ? {} : { onStep: (nodeId: string, status: string) => setup.onStep?.(plan.flowId, nodeId, status) }),
    });
    return plan.entries.map((entry) => ({ plan, entry, executor }));
  });
  setup.signal?.addEventListener('abort', () => {
    for (const entry of entries) entry.executor.cancel();
  });
  const submit = (entry: Entry, record: TriggerRecord): void => {
    if (setup.signal?.aborted === true) return;
    track(
      entry.executor.submit(record, entry.entry).then((ended) => {
        if (ended === null) return;
        const { id, response: _response, ...result } = ended;
        const transaction = { ...result, flow: entry.plan.flowId };
        // The same record again (read, then its webhook; two events about one order) is the same
        // transaction: it ran once, so it is counted once and no longer expected.
        const again = results.has(id);
        results.set(id, transaction);
        if (again) setup.onExpected?.(-1);
        else setup.onTransaction?.(transaction);
      }),
    );
  };
  const trigger = (entry: Entry) => {
    const step = entry.plan.steps.get(entry.entry);
    return step?.kind === 'trigger' ? step : undefined;
  };
  const label = (entry: Entry): string => `Flow "${entry.plan.flowName}", trigger "${trigger(entry)?.label ?? entry.entry}"`;

  let opened: WebhookReceiver | null = null;
  try {
    if (setup.resume) {
      // Effects a crash left in doubt are looked up from the transactions' journaled inputs, never re-sent blind.
      const inputs = new Map(journal.unfinished(setup.runId).map((transaction) => [transaction.id, transaction.input as Record<string, unknown>]));
      let found = 0;
      for (const plan of setup.plans) found += await (entries.find((entry) => entry.plan === plan)?.executor.recover(inputs) ?? 0);
      setup.log(`Resuming run ${setup.runId}: ${found} write${found === 1 ? '' : 's'} in doubt found done, not sent again.`);
    }

    const listening = setup.replay !== undefined || (setup.listenSeconds ?? 0) > 0 || setup.listenUntil !== undefined;
    // Webhook triggers on systems that can send webhooks (NetSuite cannot; its triggers poll).
    const webhookEntries = entries.filter((entry) => {
      const step = trigger(entry);
      const connector = step === undefined ? undefined : connectors.get(step.system);
      return step?.mode === 'webhook' && connector !== undefined && signatureKind(connector) !== null;
    });
    const receiver = listening && webhookEntries.length > 0 ? await startReceiver() : null;
    opened = receiver?.receiver ?? null;

    async function startReceiver(): Promise<{ receiver: WebhookReceiver; stats: RunReport['webhooks'] }> {
      const stats: RunReport['webhooks'] = { received: 0, duplicates: 0, refused: 0, refusals: [] };
      const systems = [...new Set(webhookEntries.map((entry) => trigger(entry)?.system ?? ''))];
      const sources: WebhookSource[] = systems.map((system) => {
        const binding = setup.environment.systems[system];
        return { system, signature: signatureKind(connectors.get(system) as ManagedConnectorInstance) ?? 'none', secret: binding?.credentials['webhookSecret'] };
      });
      const receiver = new WebhookReceiver({
        sources,
        accept: (event) => {
          const taken = journal.receive({ runId: setup.runId, system: event.system, eventId: event.eventId, topic: event.topic, body: event.body });
          if (taken.fresh) stats.received += 1;
          else stats.duplicates += 1;
          lastActivity = performance.now();
          return taken;
        },
        deliver: (event) => track(deliver(event)),
        onRefused: (system, reason) => {
          stats.refused += 1;
          if (stats.refusals.length < 100) stats.refusals.push({ system, reason });
        },
      });
      const local = await receiver.listen(setup.webhookPort ?? 0);
      const base = (setup.environment.webhookBaseUrl ?? local).replace(/\/$/, '');
      const subscriptions: Listening['subscriptions'] = [];
      for (const system of systems) {
        const connector = connectors.get(system) as ManagedConnectorInstance;
        const topics = [...new Set(webhookEntries.filter((entry) => trigger(entry)?.system === system).map((entry) => topicFor(vendorOf(connector), trigger(entry)?.topic ?? '')))].filter((topic) => topic !== '');
        const refused = await subscribe(connector, `${base}/webhooks/${encodeURIComponent(system)}`, topics);
        subscriptions.push({ system, topics, refused });
        setup.log(refused === null ? `Subscribed to ${system}: ${topics.join(', ')}.` : `Could not subscribe to ${system}: ${refused}`);
      }
      setup.onListening?.({ url: base, subscriptions, stats });
      return { receiver, stats };
    }

    async function deliver(event: ReceivedEvent): Promise<void> {
      for (const entry of webhookEntries) {
        const step = trigger(entry);
        if (step === undefined || step.system !== event.system) continue;
        const records = await eventRecords(step, event, connectors.get(step.system) as ManagedConnectorInstance);
        if (typeof records === 'string') {
          setup.log(`${label(entry)}: event ${event.eventId} (${event.topic}) was not taken: ${records}.`);
          continue;
        }
        // A replayed history was counted when it was sent; a real system's events are counted as they come.
        if (setup.replay === undefined) setup.onExpected?.(records.length);
        for (const record of records) submit(entry, record);
      }
    }

    // Polling triggers — and webhook triggers with no sandbox to replay them — read what is there now.
    for (const entry of entries) {
      const step = trigger(entry);
      // Webhook triggers that will hear their events: replayed by the sandbox, or only new ones wanted.
      const heard = webhookEntries.includes(entry) && (setup.replay !== undefined || (setup.backfill === false && receiver !== null));
      if (step === undefined || heard) continue;
      // A sandbox started for this run is new: cursors belong to real environments, which persist between runs.
      const cursored = step.mode === 'poll' && setup.replay === undefined;
      const since = cursored ? journal.cursor(entry.plan.flowId, entry.entry, setup.environment.name) : null;
      const polled = await triggerRecords(entry.plan, entry.entry, connectors, since);
      if (typeof polled === 'string') {
        setup.log(`${label(entry)}: ${polled}; skipped.`);
        continue;
      }
      const records = polled.records;
      // The cursor moves once the run has ended: a run that stops early polls the same changes again.
      if (cursored && polled.cursor !== null) cursors.push({ flowId: entry.plan.flowId, nodeId: entry.entry, value: polled.cursor });
      setup.log(`${label(entry)}: ${records.length} transaction${records.length === 1 ? '' : 's'}${since === null ? '' : ` changed since ${since}`}…`);
      setup.onExpected?.(records.length);
      for (const record of records) submit(entry, record);
    }

    if (setup.resume) {
      // Events this run had taken in before it stopped: their transactions go on (ended ones stand).
      for (const event of journal.inboxEvents(setup.runId)) track(deliver(event));
    }
    if (setup.replay !== undefined && receiver !== null) {
      const { sent, topics } = setup.replay();
      // Each event is a transaction for every webhook trigger that takes its topic.
      setup.onExpected?.(
        webhookEntries.reduce((sum, entry) => {
          const step = trigger(entry);
          const connector = step === undefined ? undefined : connectors.get(step.system);
          return step === undefined || connector === undefined ? sum : sum + (topics[`${vendorOf(connector)}:${topicFor(vendorOf(connector), step.topic ?? '')}`] ?? 0);
        }, 0),
      );
      setup.log(`The sandbox is sending its history: ${sent} events.`);
      // The quiet window starts now, not when the run did (subscribing may have waited out a throttle).
      lastActivity = performance.now();
    }
    await settle(receiver !== null, setup.replay !== undefined);
    // Nothing more is taken in once the run has settled.
    await receiver?.receiver.close();

    async function settle(listen: boolean, replayed: boolean): Promise<void> {
      // Listening until told to stop has no window of its own.
      const open = setup.listenUntil !== undefined && !replayed;
      const limit = open ? Infinity : performance.now() + (setup.listenSeconds ?? (replayed ? 60 : 0)) * 1000;
      const quiet = setup.quietMs ?? 1_000;
      for (;;) {
        while (pending.size > 0) await Promise.allSettled([...pending]);
        if (!listen || setup.signal?.aborted === true || (open && setup.listenUntil?.aborted)) return;
        const now = performance.now();
        if (now >= limit) return;
        // Replayed: done once nothing has arrived for a while. Listening to real systems: the whole window.
        if (replayed && now - lastActivity >= quiet) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    if (setup.signal?.aborted !== true) for (const cursor of cursors) journal.setCursor({ ...cursor, environment: setup.environment.name });
    journal.endRun(setup.runId, setup.signal?.aborted === true ? 'cancelled' : 'done');
    // In flow order, then by key: the same run reports the same way however its events arrived.
    const flowOrder = new Map(setup.plans.map((plan, index) => [plan.flowId, index]));
    const transactions = [...results.values()].sort((a, b) => (flowOrder.get(a.flow) ?? 0) - (flowOrder.get(b.flow) ?? 0) || a.key.localeCompare(b.key, 'en', { numeric: true }));
    const duration = (performance.now() - started) / 1000;
    const count = (state: string): number => transactions.filter((transaction) => transaction.state === state).length;
    return {
      summary: { transactions: transactions.length, succeeded: count('succeeded'), failed: count('failed'), deadLettered: count('dead-lettered'), unacknowledged: count('unacknowledged'), filtered: count('filtered'), duration: Math.round(duration * 1000) / 1000, rate: duration === 0 ? 0 : Math.round((transactions.length / duration) * 10) / 10 },
      run: { id: setup.runId, environment: setup.environment.name, scenario: setup.scenario, flows: setup.plans.map((plan) => plan.flowId) },
      webhooks: receiver?.stats ?? { received: 0, duplicates: 0, refused: 0, refusals: [] },
      transactions,
    };
  } finally {
    // Closed whatever happened: a receiver left listening would keep the process alive.
    await opened?.close();
    code?.close();
    journal.close();
    ledger.close();
  }
}
