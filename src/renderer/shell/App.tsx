import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { checkProject } from '../../shared/governance/check-project';
import { driftDiagnostics } from '../../shared/reconcile/shapes';
import { emptyModel } from '../../shared/model/project-model';
import { connection } from '../api/api';
import { AboutDialog } from '../dialogs/AboutDialog';
import { ProjectDialog } from '../dialogs/ProjectDialog';
import { ShortcutsDialog } from '../dialogs/ShortcutsDialog';
import { useSteward } from '../store/use-store';
import { FlowsView } from '../views/FlowsView';
import { OwnershipView } from '../views/OwnershipView';
import { ResultsView } from '../results/ResultsView';
import { EnvironmentsView } from '../views/EnvironmentsView';
import { SandboxView } from '../views/SandboxView';
import { SystemsMapView } from '../systems/SystemsMapView';
import { NavRail, VIEW_LABELS } from './NavRail';
import { Notices } from './Notices';
import { StatusBar } from './StatusBar';
import { Welcome } from './Welcome';
import { useEditShortcuts, useMainLogs, useMenuCommands, useSandboxEvents } from './use-main-events';
import { useEffectiveTheme } from './use-theme';

export function App() {
  const { ready, project, flow, otherFlows, model, view, dialog, theme, openDialog, canUndo, canRedo, undo, redo } = useSteward(
    useShallow((state) => ({
      canUndo: state.past.length > 0,
      canRedo: state.future.length > 0,
      undo: state.undo,
      redo: state.redo,
      ready: state.ready,
      project: state.project,
      flow: state.flow,
      otherFlows: state.otherFlows,
      model: state.model,
      view: state.view,
      dialog: state.dialog,
      theme: state.settings?.theme ?? 'system',
      openDialog: state.openDialog,
    })),
  );
  const effectiveTheme = useEffectiveTheme(theme);
  useMenuCommands(effectiveTheme);
  useMainLogs();
  useSandboxEvents();
  useEditShortcuts();

  useEffect(() => {
    let wasOpen = false;
    const stop = connection.onState((status) => {
      const state = useSteward.getState();
      state.setConnection(status);
      if (status === 'open') wasOpen = true;
      if (status === 'closed') {
        const message = connection.problem ?? (wasOpen ? 'The connection to Steward was lost. Restart "npm run web" and reload this page.' : 'Steward refused this page. Open the address that "npm run web" printed.');
        state.notify('error', 'Not connected to Steward', { code: 'HOST_DISCONNECTED', message });
      }
    });
    void useSteward.getState().initialize();
    return stop;
  }, []);

  // Derived, never stored: the findings always match the documents.
  // The checker's findings, and the schema drift the last reconciliation saw on the steps it touches.
  const drift = useSteward((state) => state.reconcileReport?.drift);
  const diagnostics = useMemo(() => [...checkProject(model ?? emptyModel(), flow === null ? otherFlows : [flow, ...otherFlows]), ...driftDiagnostics(drift ?? [])], [model, flow, otherFlows, drift]);
  const flowDiagnostics = useMemo(() => diagnostics.filter((entry) => entry.flowId === flow?.id), [diagnostics, flow]);

  return (
    <div className="app" data-app-state={ready ? 'ready' : 'loading'}>
      <NavRail />
      <div className="main-column">
        <header className="top-bar">
          <div className="top-title">
            {project === null ? 'Steward' : project.name}
            {project !== null && <span className="muted"> · {VIEW_LABELS[view]}</span>}
          </div>
          <div className="top-actions">
            <button type="button" disabled={!canUndo} onClick={undo} title="Undo (Ctrl+Z)" data-testid="action-undo">
              Undo
            </button>
            <button type="button" disabled={!canRedo} onClick={redo} title="Redo (Ctrl+Shift+Z)" data-testid="action-redo">
              Redo
            </button>
            <button type="button" onClick={() => openDialog({ kind: 'shortcuts' })} title="Keyboard shortcuts (?)" data-testid="action-shortcuts">
              ?
            </button>
            <span className="status-sep" />
            <button type="button" onClick={() => openDialog({ kind: 'project', purpose: 'create' })} data-testid="action-new">
              New
            </button>
            <button type="button" onClick={() => openDialog({ kind: 'project', purpose: 'open' })} data-testid="action-open">
              Open
            </button>
            <button type="button" disabled={project === null} onClick={() => openDialog({ kind: 'project', purpose: 'saveAs' })} data-testid="action-save-as">
              Save As
            </button>
          </div>
        </header>
        <main className="content">
          {!ready ? null : project === null ? <Welcome /> : view === 'flows' ? (
            <FlowsView diagnostics={flowDiagnostics} allDiagnostics={diagnostics} colorMode={effectiveTheme} />
          ) : view === 'systems' ? (
            <SystemsMapView diagnostics={diagnostics} colorMode={effectiveTheme} />
          ) : view === 'ownership' ? (
            <OwnershipView diagnostics={diagnostics} colorMode={effectiveTheme} />
          ) : view === 'sandbox' ? (
            <SandboxView />
          ) : view === 'environments' ? (
            <EnvironmentsView />
          ) : (
            <ResultsView colorMode={effectiveTheme} />
          )}
        </main>
      </div>
      <StatusBar diagnostics={diagnostics} effectiveTheme={effectiveTheme} />
      {dialog?.kind === 'project' && <ProjectDialog purpose={dialog.purpose} />}
      {dialog?.kind === 'about' && <AboutDialog />}
      {dialog?.kind === 'shortcuts' && <ShortcutsDialog />}
      <Notices />
    </div>
  );
}
