import type { StewardApi } from '../../shared/ipc/api';
import type { FlowDocument } from '../../shared/model/flow';
import { extractSubFlow } from '../../shared/model/subflow-edits';
import { createAutosave } from './autosave';
import { rememberFlow } from './last-flow';
import type { SliceCreator } from './store-types';

export type SaveState = 'saved' | 'pending' | 'saving' | 'error';

export interface FlowSlice {
  flow: FlowDocument | null;
  /** Every other flow of the project, for the checker's cross-flow rules. */
  otherFlows: readonly FlowDocument[];
  saveState: SaveState;
  loadFlow: (flowId: string) => Promise<void>;
  /** Replaces the document after an edit and schedules its autosave. */
  commitFlow: (next: FlowDocument, options?: { record?: boolean; mergeKey?: string }) => void;
  /** Adds a flow to the project and opens it. */
  createFlow: (name: string) => Promise<void>;
  loadOtherFlows: () => Promise<void>;
  duplicateFlow: (flowId: string) => Promise<void>;
  deleteFlow: (flowId: string) => Promise<void>;
  /**
   * Moves the chosen steps of the open flow into a new flow, called from here by
   * a sub-flow node; the reason instead when they cannot be. Undo puts the steps
   * back; the new flow stays in the list until it is deleted.
   */
  extractSelection: (nodeIds: ReadonlySet<string>) => Promise<string | null>;
  /** Saves a pending edit now (before switching projects or flows). */
  flushFlow: () => Promise<void>;
}

/** Edits arriving within this window are saved together. */
export const AUTOSAVE_DELAY_MS = 250;

export const createFlowSlice =
  (api: StewardApi): SliceCreator<FlowSlice> =>
  (set, get) => {
    const autosave = createAutosave<FlowDocument>(AUTOSAVE_DELAY_MS, async (document) => {
      set({ saveState: 'saving' });
      try {
        const summary = await api.flow.save({ document });
        const project = get().project;
        if (project !== null) {
          set({ project: { ...project, flows: project.flows.map((flow) => (flow.id === summary.id ? summary : flow)) } });
        }
        // A newer edit may have arrived while this one was saving.
        if (get().flow === document) set({ saveState: 'saved' });
      } catch (error: unknown) {
        set({ saveState: 'error' });
        get().report('Could not save the flow', error);
      }
    });

    return {
      flow: null,
      otherFlows: [],
      saveState: 'saved',
      async loadFlow(flowId) {
        await get().flushFlow();
        try {
          const previous = get().flow;
          const flow = await api.flow.get({ flowId });
          if (previous?.id !== flow.id) get().clearHistory();
          // The flow that was open joins the others the checker reads.
          const others = get().otherFlows.filter((entry) => entry.id !== flow.id && entry.id !== previous?.id);
          set({ flow, saveState: 'saved', otherFlows: previous === null || previous.id === flow.id ? others : [...others, previous] });
          const path = get().project?.path;
          if (path !== undefined) rememberFlow(path, flow.id);
        } catch (error: unknown) {
          get().report('Could not load the flow', error);
        }
      },
      async createFlow(name) {
        await get().flushFlow();
        try {
          const flow = await api.flow.create({ name });
          get().clearHistory();
          const project = get().project;
          const previous = get().flow;
          const summary = { id: flow.id, name: flow.name, nodeCount: 0, updatedAt: new Date().toISOString() };
          set({
            flow,
            saveState: 'saved',
            otherFlows: previous === null ? get().otherFlows : [...get().otherFlows, previous],
            ...(project === null ? {} : { project: { ...project, flows: [...project.flows, summary] } }),
          });
          if (project !== null) rememberFlow(project.path, flow.id);
        } catch (error: unknown) {
          get().report('Could not create the flow', error);
        }
      },
      commitFlow(next, options) {
        const before = get().flow;
        if (next === before) return;
        if (before !== null && options?.record !== false) get().record({ kind: 'flow', before, after: next, ...(options?.mergeKey === undefined ? {} : { mergeKey: options.mergeKey }) });
        set({ flow: next, saveState: 'pending', otherFlows: get().otherFlows.filter((flow) => flow.id !== next.id) });
        autosave.schedule(next);
      },
      flushFlow: () => autosave.flush(),
      async extractSelection(nodeIds) {
        const open = get().flow;
        const project = get().project;
        if (open === null || project === null) return 'No flow is open.';
        const taken = new Set(project.flows.map((flow) => flow.name));
        let name = `${open.name} part`;
        for (let index = 2; taken.has(name); index += 1) name = `${open.name} part ${index}`;
        // Ask before creating anything, so a refused extraction leaves no empty flow behind.
        const trial = extractSubFlow(open, nodeIds, { id: 'pending', name });
        if (!trial.ok) return trial.problem;
        await get().flushFlow();
        try {
          const created = await api.flow.create({ name });
          const current = get().flow ?? open;
          const result = extractSubFlow(current, nodeIds, { id: created.id, name: created.name });
          if (!result.ok) {
            await api.flow.delete({ flowId: created.id });
            return result.problem;
          }
          const summary = await api.flow.save({ document: result.child });
          const latest = get().project ?? project;
          set({ project: { ...latest, flows: [...latest.flows, summary] }, otherFlows: [...get().otherFlows, result.child] });
          get().commitFlow(result.parent);
          return null;
        } catch (error: unknown) {
          get().report('Could not extract the sub-flow', error);
          return 'the new flow could not be saved.';
        }
      },
      async duplicateFlow(flowId) {
        await get().flushFlow();
        const project = get().project;
        const source = project?.flows.find((flow) => flow.id === flowId);
        if (project === null || source === undefined) return;
        try {
          const copy = await api.flow.duplicate({ flowId, name: `${source.name} copy` });
          set({ project: { ...project, flows: [...project.flows, { id: copy.id, name: copy.name, nodeCount: copy.nodes.length, updatedAt: new Date().toISOString() }] } });
          await get().loadFlow(copy.id);
        } catch (error: unknown) {
          get().report('Could not duplicate the flow', error);
        }
      },
      async deleteFlow(flowId) {
        await get().flushFlow();
        // The flow listed just before the deleted one opens next, as in a list of tabs.
        const before = get().project?.flows ?? [];
        const index = before.findIndex((flow) => flow.id === flowId);
        try {
          const project = await api.flow.delete({ flowId });
          set({ project, otherFlows: get().otherFlows.filter((flow) => flow.id !== flowId) });
          if (get().flow?.id === flowId) {
            set({ flow: null });
            const neighbour = project.flows.find((flow) => flow.id === before[index - 1]?.id) ?? project.flows[0];
            if (neighbour !== undefined) await get().loadFlow(neighbour.id);
          }
        } catch (error: unknown) {
          get().report('Could not delete the flow', error);
        }
      },
      async loadOtherFlows() {
        try {
          const current = get().flow?.id;
          const all = await api.flow.all(current === undefined ? {} : { except: current });
          set({ otherFlows: all.filter((flow) => flow.id !== get().flow?.id) });
        } catch (error: unknown) {
          get().report('Could not read the project’s flows', error);
        }
      },
    };
  };
