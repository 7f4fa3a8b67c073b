import type { StateCreator } from 'zustand';
import type { AppSlice } from './app.slice';
import type { FlowSlice } from './flow.slice';
import type { ProjectSlice } from './project.slice';

export type StewardState = AppSlice & ProjectSlice & FlowSlice;

/** A slice creator that can see the whole store (zustand slices pattern). */
export type SliceCreator<T> = StateCreator<StewardState, [], [], T>;
