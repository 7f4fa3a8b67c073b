import { z } from 'zod';
import { FlowDocument, FlowSummary } from '../model/flow';
import { ProjectSnapshot, RecentProject, Theme } from '../model/project';
import { ProjectModel } from '../model/project-model';
import { TEMPLATE_NAMES } from '../model/template';
import { ConnectionResult, EnvironmentEdit, EnvironmentName, EnvironmentView } from '../environment/environment-view';
import { RunStart, RunStatus, TransactionDetail, TransactionPage, TransactionQuery, TransactionSummary } from '../runtime/run-view';
import { FaultSettings } from '../sandbox/faults';
import { ReconcileStart, ReconcileStatus, RecordDetail, RecordQuery, RunHistory } from '../reconcile/reconcile-view';
import { ReconcileReport } from '../reconcile/report';
import { SandboxLogEntry, SandboxStatus, ScenarioSummary } from '../sandbox/sandbox-view';
import { CHANNEL_NAMES, EVENT_NAMES } from './channels';
import type { ChannelName, EventNameList } from './channels';

/**
 * The one IPC contract (style.md §3). Every request the renderer can make is a
 * channel here with the schema of its payload and of its answer; main, the
 * preload, the browser host and the renderer are all typed from this map.
 * `ipc-surface.test.ts` snapshots it, so a new channel shows up in review.
 */

const NoPayload = z.undefined();
const ProjectPath = z.string().min(1, 'a project path is required').max(4096);

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  platform: z.string(),
  /** Native open/save dialogs exist only in the desktop app. */
  nativeDialogs: z.boolean(),
  projectsDir: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const AppSettingsView = z.object({ theme: Theme, recent: z.array(RecentProject) });
export type AppSettingsView = z.infer<typeof AppSettingsView>;

export const contract = {
  'app.info': { request: NoPayload, response: AppInfo },
  'settings.get': { request: NoPayload, response: AppSettingsView },
  'settings.setTheme': { request: z.object({ theme: Theme }), response: AppSettingsView },
  'project.current': { request: NoPayload, response: ProjectSnapshot.nullable() },
  'project.create': { request: z.object({ path: ProjectPath, name: z.string().min(1).max(200), template: z.enum(TEMPLATE_NAMES).optional() }), response: ProjectSnapshot },
  'project.open': { request: z.object({ path: ProjectPath }), response: ProjectSnapshot },
  'project.saveAs': { request: z.object({ path: ProjectPath }), response: ProjectSnapshot },
  'project.close': { request: NoPayload, response: z.null() },
  'project.forgetRecent': { request: z.object({ path: ProjectPath }), response: AppSettingsView },
  'flow.get': { request: z.object({ flowId: z.string().min(1) }), response: FlowDocument },
  'flow.create': { request: z.object({ name: z.string().min(1).max(200) }), response: FlowDocument },
  'flow.save': { request: z.object({ document: FlowDocument }), response: FlowSummary },
  'flow.all': { request: z.object({ except: z.string().optional() }), response: z.array(FlowDocument) },
  'flow.delete': { request: z.object({ flowId: z.string().min(1) }), response: ProjectSnapshot },
  'flow.duplicate': { request: z.object({ flowId: z.string().min(1), name: z.string().min(1).max(200) }), response: FlowDocument },
  'model.get': { request: NoPayload, response: ProjectModel },
  'model.save': { request: z.object({ model: ProjectModel }), response: ProjectModel },
  'dialog.chooseProjectPath': {
    request: z.object({ purpose: z.enum(['create', 'open', 'saveAs']), suggestedName: z.string().max(200).optional() }),
    response: z.object({ path: z.string().nullable() }),
  },
  'sandbox.scenarios': { request: NoPayload, response: z.array(ScenarioSummary) },
  'sandbox.status': { request: NoPayload, response: SandboxStatus },
  'sandbox.start': { request: z.object({ scenario: z.string().regex(/^[a-z0-9-]+$/), seed: z.number().int().min(0).max(2 ** 32 - 1) }), response: SandboxStatus },
  'sandbox.stop': { request: NoPayload, response: SandboxStatus },
  'sandbox.setFaults': { request: FaultSettings, response: SandboxStatus },
  'sandbox.log': { request: z.object({ count: z.number().int().min(1).max(2000) }), response: z.array(SandboxLogEntry) },
  'sandbox.sendHistory': { request: NoPayload, response: z.object({ sent: z.number().int().nonnegative(), topics: z.record(z.string(), z.number().int().nonnegative()) }) },
  'run.start': { request: RunStart, response: RunStatus },
  'run.cancel': { request: NoPayload, response: RunStatus },
  'run.stopListening': { request: NoPayload, response: RunStatus },
  'run.status': { request: NoPayload, response: RunStatus },
  'run.transactions': { request: TransactionQuery, response: TransactionPage },
  'run.transaction': { request: z.object({ id: z.string().min(1).max(1000) }), response: TransactionDetail },
  'run.replay': { request: z.object({ id: z.string().min(1).max(1000) }), response: TransactionSummary },
  'reconcile.start': { request: ReconcileStart, response: ReconcileStatus },
  'reconcile.status': { request: NoPayload, response: ReconcileStatus },
  'reconcile.report': { request: NoPayload, response: ReconcileReport.nullable() },
  'reconcile.rejudge': { request: NoPayload, response: ReconcileReport },
  'reconcile.record': { request: RecordQuery, response: RecordDetail },
  'reconcile.history': { request: NoPayload, response: RunHistory },
  'reconcile.audit': { request: NoPayload, response: z.object({ name: z.string(), html: z.string() }) },
  'environment.list': { request: NoPayload, response: z.array(z.string()) },
  'environment.get': { request: z.object({ name: EnvironmentName }), response: EnvironmentView },
  'environment.save': { request: EnvironmentEdit, response: EnvironmentView },
  'environment.test': { request: z.object({ name: EnvironmentName, system: z.string().min(1).max(100) }), response: ConnectionResult },
  'environment.fromSandbox': { request: z.object({ name: EnvironmentName }), response: EnvironmentView },
} as const satisfies Record<ChannelName, { request: z.ZodType; response: z.ZodType }>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type RequestOf<C extends Channel> = z.infer<Contract[C]['request']>;
/** What a caller may send: defaults in the schema fill what it leaves out (main parses every request). */
export type RequestInputOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = z.infer<Contract[C]['response']>;

export const CHANNELS: readonly Channel[] = CHANNEL_NAMES;

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export const MENU_COMMANDS = ['project.new', 'project.open', 'project.openRecent', 'project.saveAs', 'view.toggleTheme', 'help.about'] as const;

/** Events pushed from main to the renderer. */
export const events = {
  'menu.command': z.object({ command: z.enum(MENU_COMMANDS), path: z.string().optional() }),
  log: z.object({ level: z.enum(['info', 'warn', 'error']), message: z.string(), at: z.string() }),
  progress: z.object({ task: z.string(), label: z.string(), done: z.number().nonnegative(), total: z.number().nonnegative().nullable() }),
  'sandbox.log': z.array(SandboxLogEntry),
  'sandbox.status': SandboxStatus,
  'run.status': RunStatus,
  'reconcile.status': ReconcileStatus,
} as const satisfies Record<EventNameList, z.ZodType>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;

export { EVENT_NAMES };

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}
