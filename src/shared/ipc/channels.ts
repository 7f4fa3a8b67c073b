/**
 * The names of the contract's channels and events, without their schemas.
 * The preload needs only these; keeping zod out of it keeps the one script
 * that runs beside the page small. `contract.ts` is checked against this list.
 */
export const CHANNEL_NAMES = [
  'app.info',
  'settings.get',
  'settings.setTheme',
  'project.current',
  'project.create',
  'project.open',
  'project.saveAs',
  'project.close',
  'project.forgetRecent',
  'flow.get',
  'flow.create',
  'flow.save',
  'flow.all',
  'flow.delete',
  'flow.duplicate',
  'model.get',
  'model.save',
  'dialog.chooseProjectPath',
  'sandbox.scenarios',
  'sandbox.status',
  'sandbox.start',
  'sandbox.stop',
  'sandbox.setFaults',
  'sandbox.log',
  'sandbox.sendHistory',
  'run.start',
  'run.cancel',
  'run.stopListening',
  'run.status',
  'run.transactions',
  'run.transaction',
  'run.replay',
  'reconcile.start',
  'reconcile.status',
  'reconcile.report',
  'reconcile.rejudge',
  'reconcile.record',
  'reconcile.history',
  'reconcile.audit',
  'environment.list',
  'environment.get',
  'environment.save',
  'environment.test',
  'environment.fromSandbox',
] as const;

export const EVENT_NAMES = ['menu.command', 'log', 'progress', 'sandbox.log', 'sandbox.status', 'run.status', 'reconcile.status'] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];
export type EventNameList = (typeof EVENT_NAMES)[number];
