import { extname, resolve } from 'node:path';
import type { FlowDocument, FlowSummary } from '../../shared/model/flow';
import type { ProjectSnapshot } from '../../shared/model/project';
import type { ProjectModel } from '../../shared/model/project-model';
import { PROJECT_EXTENSION } from '../../shared/model/project';
import { ProblemError } from '../../shared/problem';
import { ProjectStore } from './project/project-store';
import type { SettingsStore } from './settings/settings-store';

/**
 * The project a window (or a browser host) has open. Every edit goes straight
 * to the SQLite file, so there is no unsaved state to lose: "Save As" copies
 * the file and continues in the copy.
 */
export class Workspace {
  private store: ProjectStore | null = null;

  constructor(
    private readonly settings: SettingsStore,
    private readonly nativeBinding?: string,
  ) {}

  current(): ProjectSnapshot | null {
    return this.store?.snapshot() ?? null;
  }

  /** A new project: empty, or from a template's model and flows. */
  create(path: string, name: string, template?: { model: ProjectModel; flows: readonly FlowDocument[] }): ProjectSnapshot {
    const target = withExtension(path);
    return this.adopt(ProjectStore.create(target, name, template === undefined ? this.storeOptions() : { ...this.storeOptions(), model: template.model, flows: template.flows }));
  }

  open(path: string): ProjectSnapshot {
    return this.adopt(ProjectStore.open(resolve(path), this.storeOptions()));
  }

  saveAs(path: string): ProjectSnapshot {
    const source = this.project();
    const target = withExtension(path);
    source.copyTo(target);
    return this.adopt(ProjectStore.open(target, this.storeOptions()));
  }

  close(): void {
    this.store?.close();
    this.store = null;
  }

  getFlow(flowId: string): FlowDocument {
    return this.project().getFlow(flowId);
  }

  createFlow(name: string): FlowDocument {
    return this.project().createFlow(name);
  }

  saveFlow(document: FlowDocument): FlowSummary {
    return this.project().saveFlow(document);
  }

  duplicateFlow(flowId: string, name: string): FlowDocument {
    return this.project().duplicateFlow(flowId, name);
  }

  deleteFlow(flowId: string): ProjectSnapshot {
    this.project().deleteFlow(flowId);
    return this.project().snapshot();
  }

  allFlows(): FlowDocument[] {
    return this.project().allFlows();
  }

  getModel(): ProjectModel {
    return this.project().getModel();
  }

  saveModel(model: ProjectModel): ProjectModel {
    this.project().saveModel(model);
    return model;
  }

  private adopt(store: ProjectStore): ProjectSnapshot {
    this.close();
    this.store = store;
    const snapshot = store.snapshot();
    this.settings.remember({ path: snapshot.path, name: snapshot.name });
    return snapshot;
  }

  private project(): ProjectStore {
    if (this.store === null) throw new ProblemError({ code: 'NO_PROJECT', message: 'No project is open.', hint: 'Create or open a project first.' });
    return this.store;
  }

  private storeOptions(): { nativeBinding?: string } {
    return this.nativeBinding === undefined ? {} : { nativeBinding: this.nativeBinding };
  }
}

function withExtension(path: string): string {
  const absolute = resolve(path);
  return extname(absolute) === PROJECT_EXTENSION ? absolute : `${absolute}${PROJECT_EXTENSION}`;
}
