import { useShallow } from 'zustand/react/shallow';
import { useSteward } from '../store/use-store';

/** The first screen without a project: create, open, or pick a recent one. */
export function Welcome() {
  const { settings, openDialog, openProject, forgetRecent } = useSteward(
    useShallow((state) => ({ settings: state.settings, openDialog: state.openDialog, openProject: state.openProject, forgetRecent: state.forgetRecent })),
  );
  const recent = settings?.recent ?? [];
  return (
    <div className="welcome" data-testid="welcome">
      <h1>Steward</h1>
      <p className="lead">Design integration flows where every record and every field has exactly one owner — checked before anything runs.</p>
      <div className="welcome-actions">
        <button type="button" className="primary" onClick={() => openDialog({ kind: 'project', purpose: 'create' })} data-testid="welcome-new">
          New project…
        </button>
        <button type="button" onClick={() => openDialog({ kind: 'project', purpose: 'open' })} data-testid="welcome-open">
          Open project…
        </button>
      </div>
      <h2>Recent projects</h2>
      {recent.length === 0 ? (
        <p className="muted">Projects you open appear here.</p>
      ) : (
        <ul className="recent-list">
          {recent.map((project) => (
            <li key={project.path}>
              <button type="button" className="recent-open" onClick={() => void openProject(project.path)}>
                <span className="recent-name">{project.name}</span>
                <span className="recent-path">{project.path}</span>
              </button>
              <button type="button" className="icon-button" aria-label={`Remove ${project.name} from recent projects`} onClick={() => void forgetRecent(project.path)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
