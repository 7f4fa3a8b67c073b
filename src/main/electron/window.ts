import { BrowserWindow, screen } from 'electron';
import type { BrowserWindowConstructorOptions, Rectangle, WebPreferences } from 'electron';
import type { WindowState } from '../services/settings/settings-store';

/**
 * Every BrowserWindow is made here, with the security baseline of
 * architecture.md; a test asserts no other file constructs one.
 */
export const SECURE_WEB_PREFERENCES = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  navigateOnDragDrop: false,
  spellcheck: false,
} as const satisfies WebPreferences;

const DEFAULT_SIZE = { width: 1400, height: 900 };

export interface MainWindowOptions {
  readonly preload: string;
  readonly state: WindowState | undefined;
  readonly onStateChange: (state: WindowState) => void;
}

export function mainWindowOptions(preload: string, state: WindowState | undefined): BrowserWindowConstructorOptions {
  const bounds = visibleBounds(state);
  return {
    ...bounds,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Steward',
    backgroundColor: '#101418',
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload },
  };
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(options.preload, options.state));
  if (options.state?.maximized === true) window.maximize();
  window.once('ready-to-show', () => window.show());
  let timer: NodeJS.Timeout | undefined;
  const remember = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (window.isDestroyed()) return;
      const { x, y, width, height } = window.getNormalBounds();
      options.onStateChange({ x, y, width, height, maximized: window.isMaximized() });
    }, 300);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event as 'resize', remember);
  window.on('close', () => {
    clearTimeout(timer);
    const { x, y, width, height } = window.getNormalBounds();
    options.onStateChange({ x, y, width, height, maximized: window.isMaximized() });
  });
  return window;
}

/** Restores the saved bounds only if they still overlap a connected display. */
function visibleBounds(state: WindowState | undefined): Partial<Rectangle> {
  if (state === undefined) return DEFAULT_SIZE;
  const { x, y, width, height } = state;
  if (x === undefined || y === undefined) return { width, height };
  const onScreen = screen.getAllDisplays().some(({ workArea }) =>
    x < workArea.x + workArea.width && x + width > workArea.x && y < workArea.y + workArea.height && y + height > workArea.y,
  );
  return onScreen ? { x, y, width, height } : { width, height };
}
