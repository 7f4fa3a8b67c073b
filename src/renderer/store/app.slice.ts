import type { StewardApi } from '../../shared/ipc/api';
import { ApiError } from '../../shared/ipc/api';
import type { AppInfo, AppSettingsView } from '../../shared/ipc/contract';
import type { Theme } from '../../shared/model/project';
import type { Problem } from '../../shared/problem';
import type { SliceCreator } from './store-types';

export const VIEWS = ['systems', 'ownership', 'flows', 'environments', 'runs', 'sandbox'] as const;
export type ViewId = (typeof VIEWS)[number];

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

export type DialogState = { kind: 'project'; purpose: 'create' | 'open' | 'saveAs' } | { kind: 'about' } | { kind: 'shortcuts' };

export interface Notice {
  readonly id: number;
  readonly tone: 'error' | 'info';
  readonly title: string;
  readonly problem: Problem;
}

export interface AppSlice {
  info: AppInfo | null;
  settings: AppSettingsView | null;
  connection: ConnectionStatus;
  ready: boolean;
  view: ViewId;
  dialog: DialogState | null;
  notices: readonly Notice[];
  initialize: () => Promise<void>;
  setConnection: (status: ConnectionStatus) => void;
  setView: (view: ViewId) => void;
  openDialog: (dialog: DialogState) => void;
  closeDialog: () => void;
  setTheme: (theme: Theme) => Promise<void>;
  refreshSettings: () => Promise<void>;
  report: (title: string, error: unknown) => void;
  notify: (tone: Notice['tone'], title: string, problem: Problem) => void;
  dismissNotice: (id: number) => void;
}

let noticeCounter = 0;

/** Turns anything caught into a problem a person can read. */
export function toProblem(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  return { code: 'UNEXPECTED', message: error instanceof Error ? error.message : String(error) };
}

export const createAppSlice =
  (api: StewardApi): SliceCreator<AppSlice> =>
  (set, get) => ({
    info: null,
    settings: null,
    connection: 'connecting',
    ready: false,
    view: 'flows',
    dialog: null,
    notices: [],
    async initialize() {
      try {
        const [info, settings, project] = await Promise.all([api.app.info(), api.settings.get(), api.project.current()]);
        set({ info, settings });
        if (project !== null) await get().adoptProject(project);
      } catch (error: unknown) {
        // A lost connection has its own notice (App's connection watcher).
        if (toProblem(error).code !== 'HOST_DISCONNECTED') get().report('Steward could not start', error);
      } finally {
        set({ ready: true });
      }
    },
    setConnection: (connection) => set({ connection }),
    setView: (view) => set({ view }),
    openDialog: (dialog) => set({ dialog }),
    closeDialog: () => set({ dialog: null }),
    async setTheme(theme) {
      try {
        set({ settings: await api.settings.setTheme({ theme }) });
      } catch (error: unknown) {
        get().report('Could not change the theme', error);
      }
    },
    async refreshSettings() {
      set({ settings: await api.settings.get() });
    },
    report(title, error) {
      get().notify('error', title, toProblem(error));
    },
    notify(tone, title, problem) {
      noticeCounter += 1;
      set({ notices: [...get().notices, { id: noticeCounter, tone, title, problem }] });
    },
    dismissNotice: (id) => set({ notices: get().notices.filter((notice) => notice.id !== id) }),
  });
