import type { StateCreator } from 'zustand';
import type { AppSlice } from './app.slice';
import type { FlowSlice } from './flow.slice';
import type { HistorySlice } from './history.slice';
import type { ModelSlice } from './model.slice';
import type { ProjectSlice } from './project.slice';
import type { EnvironmentSlice } from './environment.slice';
import type { ResultsSlice } from './results.slice';
import type { RunSlice } from './run.slice';
import type { SandboxSlice } from './sandbox.slice';

export type StewardState = AppSlice & ProjectSlice & FlowSlice & ModelSlice & SandboxSlice & RunSlice & ResultsSlice & EnvironmentSlice & HistorySlice;

/** A slice creator that can see the whole store (zustand slices pattern). */
export type SliceCreator<T> = StateCreator<StewardState, [], [], T>;
