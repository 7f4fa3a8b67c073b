import { create } from 'zustand';
import type { StewardApi } from '../../shared/ipc/api';
import { createAppSlice } from './app.slice';
import { createFlowSlice } from './flow.slice';
import { createHistorySlice } from './history.slice';
import { createModelSlice } from './model.slice';
import { createProjectSlice } from './project.slice';
import { createEnvironmentSlice } from './environment.slice';
import { createResultsSlice } from './results.slice';
import { createRunSlice } from './run.slice';
import { createSandboxSlice } from './sandbox.slice';
import type { StewardState } from './store-types';

/** One store from typed slices; `api` is injected so tests can use a fresh store. */
export function createStewardStore(api: StewardApi) {
  return create<StewardState>()((...args) => ({
    ...createAppSlice(api)(...args),
    ...createProjectSlice(api)(...args),
    ...createFlowSlice(api)(...args),
    ...createModelSlice(api)(...args),
    ...createSandboxSlice(api)(...args),
    ...createRunSlice(api)(...args),
    ...createResultsSlice(api)(...args),
    ...createEnvironmentSlice(api)(...args),
    ...createHistorySlice(...args),
  }));
}

export type StewardStore = ReturnType<typeof createStewardStore>;
