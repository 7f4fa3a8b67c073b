import { useSteward } from '../store/use-store';
import { VIEWS } from '../store/app.slice';
import type { ViewId } from '../store/app.slice';
import { Icon } from './icons';

export const VIEW_LABELS: Readonly<Record<ViewId, string>> = {
  systems: 'Systems map',
  ownership: 'Ownership',
  flows: 'Flows',
  environments: 'Environments',
  runs: 'Runs & Results',
  sandbox: 'Sandbox',
};

export function NavRail() {
  const view = useSteward((state) => state.view);
  const setView = useSteward((state) => state.setView);
  const hasProject = useSteward((state) => state.project !== null);
  return (
    <nav className="nav-rail" aria-label="Views">
      <div className="brand" title="Steward">
        <span className="brand-mark">S</span>
      </div>
      {VIEWS.map((id) => (
        <button
          key={id}
          type="button"
          className={`nav-item${view === id ? ' is-active' : ''}`}
          aria-current={view === id ? 'page' : undefined}
          disabled={!hasProject}
          onClick={() => setView(id)}
          data-testid={`nav-${id}`}
        >
          <Icon name={id} />
          <span>{VIEW_LABELS[id]}</span>
        </button>
      ))}
    </nav>
  );
}
