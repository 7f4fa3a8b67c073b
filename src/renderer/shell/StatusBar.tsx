import { useShallow } from 'zustand/react/shallow';
import type { Diagnostic } from '../../shared/governance/diagnostic';
import { useSteward } from '../store/use-store';
import type { SaveState } from '../store/flow.slice';

const SAVE_LABELS: Readonly<Record<SaveState, string>> = { saved: 'Saved', pending: 'Editing…', saving: 'Saving…', error: 'Not saved' };

const RANK: Readonly<Record<SaveState, number>> = { saved: 0, pending: 1, saving: 2, error: 3 };

/** The project is saved only when the flow and the model both are. */
function worst(a: SaveState, b: SaveState): SaveState {
  return RANK[a] >= RANK[b] ? a : b;
}

export function StatusBar({ diagnostics, effectiveTheme }: { diagnostics: readonly Diagnostic[]; effectiveTheme: 'light' | 'dark' }) {
  const { info, connection, project, saveState, setTheme } = useSteward(
    useShallow((state) => ({ info: state.info, connection: state.connection, project: state.project, saveState: worst(state.saveState, state.modelSaveState), setTheme: state.setTheme })),
  );
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return (
    <footer className="status-bar" role="status" data-testid="status-bar">
      <span className={`status-dot is-${connection}`} title={`Connection: ${connection}`} />
      <span>{info?.host === 'electron' ? 'Desktop' : 'Browser host'}</span>
      <span className="status-sep" />
      <span className="status-path" title={project?.path}>
        {project === null ? 'No project open' : project.path}
      </span>
      {project !== null && <span data-testid="save-state" data-state={saveState}>{SAVE_LABELS[saveState]}</span>}
      <span className="status-spacer" />
      {project !== null && (
        <span className={errors > 0 ? 'status-errors' : ''} data-testid="problem-count">
          {errors} error{errors === 1 ? '' : 's'}, {warnings} warning{warnings === 1 ? '' : 's'}
        </span>
      )}
      <button type="button" className="status-button" onClick={() => void setTheme(effectiveTheme === 'dark' ? 'light' : 'dark')} data-testid="theme-toggle">
        {effectiveTheme === 'dark' ? 'Light theme' : 'Dark theme'}
      </button>
      <span className="status-version">Steward {info?.version ?? ''}</span>
    </footer>
  );
}
