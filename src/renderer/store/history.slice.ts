import type { FlowDocument } from '../../shared/model/flow';
import type { ProjectModel } from '../../shared/model/project-model';
import type { SliceCreator } from './store-types';

/**
 * Undo and redo over the documents (style.md §8): every gesture commits one
 * entry with the document before and after it. Undo puts `before` back
 * through the same autosave path, so undone work is saved too.
 */
export type HistoryEntry = (
  | { readonly kind: 'flow'; readonly before: FlowDocument; readonly after: FlowDocument }
  | { readonly kind: 'model'; readonly before: ProjectModel; readonly after: ProjectModel }
) & {
  /** Typing into one field is one gesture: entries with the same key in quick succession merge. */
  readonly mergeKey?: string;
  readonly at?: number;
};

const MERGE_WINDOW_MS = 1500;

export interface HistorySlice {
  past: readonly HistoryEntry[];
  future: readonly HistoryEntry[];
  record: (entry: HistoryEntry) => void;
  undo: () => void;
  redo: () => void;
  clearHistory: () => void;
}

export const HISTORY_LIMIT = 200;

export const createHistorySlice: SliceCreator<HistorySlice> = (set, get) => {
  const apply = (entry: HistoryEntry, document: 'before' | 'after'): void => {
    if (entry.kind === 'flow') {
      const target = entry[document];
      // A flow entry only applies to the flow it came from.
      if (get().flow?.id === target.id) get().commitFlow(target, { record: false });
    } else {
      get().commitModel(entry[document], { record: false });
    }
  };
  return {
    past: [],
    future: [],
    record(entry) {
      const last = get().past.at(-1);
      const now = Date.now();
      if (entry.mergeKey !== undefined && last !== undefined && last.mergeKey === entry.mergeKey && last.kind === entry.kind && now - (last.at ?? 0) < MERGE_WINDOW_MS) {
        const merged = { ...last, after: entry.after, at: now } as HistoryEntry;
        set({ past: [...get().past.slice(0, -1), merged], future: [] });
        return;
      }
      set({ past: [...get().past, { ...entry, at: now }].slice(-HISTORY_LIMIT), future: [] });
    },
    undo() {
      const entry = get().past.at(-1);
      if (entry === undefined) return;
      set({ past: get().past.slice(0, -1), future: [...get().future, entry] });
      apply(entry, 'before');
    },
    redo() {
      const entry = get().future.at(-1);
      if (entry === undefined) return;
      set({ future: get().future.slice(0, -1), past: [...get().past, entry] });
      apply(entry, 'after');
    },
    clearHistory: () => set({ past: [], future: [] }),
  };
};
