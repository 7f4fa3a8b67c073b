import { useEffect } from 'react';
import { api } from '../api/api';
import { useSteward } from '../store/use-store';
import { isTyping } from './typing';

/** The desktop menu's commands do what the in-app buttons do. */
export function useMenuCommands(effectiveTheme: 'light' | 'dark'): void {
  useEffect(
    () =>
      api.events.on('menu.command', ({ command, path }) => {
        const state = useSteward.getState();
        switch (command) {
          case 'project.new':
            return state.openDialog({ kind: 'project', purpose: 'create' });
          case 'project.open':
            return state.openDialog({ kind: 'project', purpose: 'open' });
          case 'project.saveAs':
            return state.project === null ? undefined : state.openDialog({ kind: 'project', purpose: 'saveAs' });
          case 'project.openRecent':
            return path === undefined ? undefined : void state.openProject(path);
          case 'view.toggleTheme':
            return void state.setTheme(effectiveTheme === 'dark' ? 'light' : 'dark');
          case 'help.about':
            return state.openDialog({ kind: 'about' });
        }
      }),
    [effectiveTheme],
  );
}

/** Warnings and errors that main logs (a damaged settings file, say) reach the user. */
export function useMainLogs(): void {
  useEffect(
    () =>
      api.events.on('log', ({ level, message }) => {
        if (level === 'info') return;
        useSteward.getState().notify(level === 'error' ? 'error' : 'info', level === 'error' ? 'Steward reported an error' : 'Steward reported a warning', {
          code: level === 'error' ? 'MAIN_ERROR' : 'MAIN_WARNING',
          message,
        });
      }),
    [],
  );
}

/** The sandbox's status and request log, and the live run's status, as main pushes them. */
export function useSandboxEvents(): void {
  useEffect(() => {
    const stopLog = api.events.on('sandbox.log', (entries) => useSteward.getState().receiveSandboxLog(entries));
    const stopStatus = api.events.on('sandbox.status', (status) => useSteward.getState().receiveSandboxStatus(status));
    const stopRun = api.events.on('run.status', (status) => useSteward.getState().receiveRunStatus(status));
    const stopReconcile = api.events.on('reconcile.status', (status) => useSteward.getState().receiveReconcileStatus(status));
    return () => {
      stopReconcile();
      stopLog();
      stopStatus();
      stopRun();
    };
  }, []);
}

/** Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z (or Ctrl+Y) undo and redo document edits; text fields keep their own undo. */
export function useEditShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (isTyping(event.target)) return;
      if (event.key === '?') {
        useSteward.getState().openDialog({ kind: 'shortcuts' });
        return;
      }
      if (!(event.ctrlKey || event.metaKey)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) {
        event.preventDefault();
        useSteward.getState().undo();
      } else if ((key === 'z' && event.shiftKey) || key === 'y') {
        event.preventDefault();
        useSteward.getState().redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
