import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlowDocument } from '../src/shared/model/flow';
import { NODE_KINDS } from '../src/shared/model/node-kinds';
import { ProjectStore } from '../src/main/services/project/project-store';
import { createDispatcher } from '../src/main/ipc/dispatch';
import { createHandlers } from '../src/main/ipc/handlers';
import { SettingsStore } from '../src/main/services/settings/settings-store';
import { Environments } from '../src/main/services/environments';
import { ReconcileService } from '../src/main/services/reconcile-service';
import { RunService } from '../src/main/services/run-service';
import { keyFileSealer } from '../src/main/services/secrets/key-file-sealer';
import { SealedFileSecretStore } from '../src/main/services/secrets/secret-store';
import { SandboxService } from '../src/main/services/sandbox-service';
import { Workspace } from '../src/main/services/workspace';
import { percentile, report, sample } from './report';

/**
 * Autosave and open on big projects. Every edit saves the whole flow
 * document synchronously on the main process, so a save must fit in one
 * frame (16 ms, the "no sync DB work > 16 ms" goal of
 * performance-anchors.md G4) even for a 2,000-node flow.
 */
const NODES = 2_000;
const FLOWS = 20;

function bigFlow(id: string, nodes: number, shift: number): FlowDocument {
  return {
    id,
    name: `Flow ${id}`,
    nodes: Array.from({ length: nodes }, (_, index) => ({
      id: `node-${index}`,
      kind: NODE_KINDS[index % NODE_KINDS.length] ?? 'map',
      label: `Step ${index}`,
      position: { x: (index % 40) * 220 + shift, y: Math.floor(index / 40) * 120 },
      config: { system: 'netsuite', entity: 'Order', fields: ['lines', 'total', 'currency'] },
    })),
    edges: Array.from({ length: nodes - 1 }, (_, index) => ({ id: `edge-${index}`, source: `node-${index}`, target: `node-${index + 1}`, sourceHandle: 'out' })),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'steward-bench-'));
try {
  const path = join(dir, 'big.steward');
  const store = ProjectStore.create(path, 'Benchmark');
  const ids = [store.snapshot().flows[0]?.id ?? ''];
  for (let index = 1; index < FLOWS; index += 1) ids.push(store.createFlow(`Flow ${index}`).id);
  for (const id of ids) store.saveFlow(bigFlow(id, NODES, 0));
  const bytes = JSON.stringify(bigFlow('x', NODES, 0)).length;

  const target = ids[0] ?? '';
  const variants: readonly [FlowDocument, FlowDocument] = [bigFlow(target, NODES, 0), bigFlow(target, NODES, 10)];
  const saves = sample(200, 20, (index) => store.saveFlow(index % 2 === 0 ? variants[0] : variants[1]));
  const loads = sample(100, 10, () => store.getFlow(target));
  store.close();

  // The whole autosave as main handles it: payload validation, save, answer.
  const settings = new SettingsStore({ file: join(dir, 'settings.json') });
  const workspace = new Workspace(settings);
  workspace.open(path);
  const sandbox = new SandboxService({ log: () => undefined, status: () => undefined });
  const runs = new RunService({ workspace, status: () => undefined });
  const environments = new Environments(() => path, new SealedFileSecretStore(join(dir, 'secrets.json'), keyFileSealer(join(dir, 'secret.key'))));
  const reconciler = new ReconcileService({ workspace, status: () => undefined });
  const handlers = createHandlers({ workspace, settings, sandbox, runs, environments, reconciler, host: { info: { name: 'Steward', version: '0', host: 'browser', platform: 'linux', nativeDialogs: false, projectsDir: dir }, chooseProjectPath: () => Promise.resolve(null) } });
  const dispatch = createDispatcher(handlers, (channel, error) => {
    throw new Error(`${channel}: ${String(error)}`);
  });
  const autosaves: number[] = [];
  for (let index = 0; index < 120; index += 1) {
    const started = process.hrtime.bigint();
    const envelope = await dispatch('flow.save', { document: index % 2 === 0 ? variants[0] : variants[1] });
    if (!envelope.ok) throw new Error(envelope.error.message);
    if (index >= 20) autosaves.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  autosaves.sort((a, b) => a - b);
  workspace.close();
  const opens = sample(30, 3, () => {
    const opened = ProjectStore.open(path);
    opened.snapshot();
    opened.close();
  });

  report(
    'project-store',
    [
      { name: 'save 2,000-node flow p50', value: percentile(saves, 50), unit: 'ms', goal: 16, direction: 'at-most' },
      { name: 'save 2,000-node flow p95', value: percentile(saves, 95), unit: 'ms', goal: 16, direction: 'at-most' },
      { name: 'autosave via IPC dispatcher p95', value: percentile(autosaves, 95), unit: 'ms', goal: 16, direction: 'at-most' },
      { name: 'load 2,000-node flow p95', value: percentile(loads, 95), unit: 'ms', goal: 16, direction: 'at-most' },
      { name: `open project (${FLOWS} flows) p95`, value: percentile(opens, 95), unit: 'ms', goal: 100, direction: 'at-most' },
    ],
    { flowBytes: bytes, flows: FLOWS, nodesPerFlow: NODES },
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
