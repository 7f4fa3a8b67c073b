import type { StewardApi } from '../../shared/ipc/api';
import type { ProjectSnapshot } from '../../shared/model/project';
import type { TEMPLATE_NAMES } from '../../shared/model/template';

type TemplateName = (typeof TEMPLATE_NAMES)[number];
import type { SliceCreator } from './store-types';
import { lastFlow, rememberFlow } from './last-flow';

export interface ProjectSlice {
  project: ProjectSnapshot | null;
  /** Makes `project` the open one and loads its first flow. */
  adoptProject: (project: ProjectSnapshot) => Promise<void>;
  createProject: (path: string, name: string, template?: TemplateName) => Promise<boolean>;
  openProject: (path: string) => Promise<boolean>;
  saveProjectAs: (path: string) => Promise<boolean>;
  closeProject: () => Promise<void>;
  forgetRecent: (path: string) => Promise<void>;
}

export const createProjectSlice =
  (api: StewardApi): SliceCreator<ProjectSlice> =>
  (set, get) => {
    /** Runs a project operation; failures become a notice and `false`. */
    const attempt = async (title: string, operation: () => Promise<ProjectSnapshot>): Promise<boolean> => {
      try {
        await Promise.all([get().flushFlow(), get().flushModel()]);
        const project = await operation();
        await get().adoptProject(project);
        await get().refreshSettings();
        return true;
      } catch (error: unknown) {
        get().report(title, error);
        return false;
      }
    };
    return {
      project: null,
      async adoptProject(project) {
        set({ project, flow: null, otherFlows: [], model: null, saveState: 'saved' });
        get().clearHistory();
        // The model first (small), then the open flow, so the canvas appears checked once;
        // the other flows, needed only for cross-flow rules, follow after the first paint.
        await get().loadModel();
        const remembered = lastFlow(project.path);
        const first = project.flows.find((flow) => flow.id === remembered) ?? project.flows[0];
        if (first !== undefined) await get().loadFlow(first.id);
        await new Promise((resolve) => setTimeout(resolve, 0));
        await get().loadOtherFlows();
      },
      createProject: (path, name, template) => attempt('Could not create the project', () => api.project.create({ path, name, ...(template === undefined ? {} : { template }) })),
      openProject: (path) => attempt('Could not open the project', () => api.project.open({ path })),
      saveProjectAs: (path) =>
        attempt('Could not save the project', async () => {
          const copy = await api.project.saveAs({ path });
          // Work goes on in the copy, on the flow that was open.
          const open = get().flow;
          if (open !== null) rememberFlow(copy.path, open.id);
          return copy;
        }),
      async closeProject() {
        await Promise.all([get().flushFlow(), get().flushModel()]);
        await api.project.close();
        set({ project: null, flow: null });
      },
      async forgetRecent(path) {
        set({ settings: await api.project.forgetRecent({ path }) });
      },
    };
  };
