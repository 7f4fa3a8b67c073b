import type { ProjectModel } from '../../shared/model/project-model';
import { SYSTEM_ROLES } from '../../shared/model/project-model';
import { removeIntegrations, removeSystems, updateIntegration, updateSystem } from '../../shared/model/model-edits';
import { rebindSystem } from '../../shared/model/rebind';
import { VOCABULARIES } from '../../shared/vendors/vocabulary';

/** Edits the selected system or integration; every change is an edit of the model. */
export function SystemsInspector({ model, selected, onChange }: { model: ProjectModel; selected: string | null; onChange: (next: ProjectModel) => void }) {
  const system = model.systems.find((entry) => entry.id === selected);
  const integration = model.integrations.find((entry) => entry.id === selected);
  if (system !== undefined) {
    return (
      <aside className="inspector" aria-label="System" data-testid="system-inspector">
        <div className="panel-title">System</div>
        <label className="field">
          <span>Name</span>
          <input value={system.name} onChange={(event) => onChange(updateSystem(model, system.id, { name: event.target.value }))} />
        </label>
        <label className="field">
          <span>Role</span>
          <select value={system.role} onChange={(event) => onChange(updateSystem(model, system.id, { role: event.target.value as (typeof SYSTEM_ROLES)[number] }))}>
            {SYSTEM_ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Connector</span>
          <input value={system.connector} onChange={(event) => onChange(updateSystem(model, system.id, { connector: event.target.value }))} />
        </label>
        {VOCABULARIES[system.connector] !== undefined && (
          <div className="field" data-testid="system-switch">
            <span>Switch vendor</span>
            <p className="muted">The system keeps its id, its ownership and its flows; its connector and vocabulary (field names, cross-references, event names) become the new vendor’s.</p>
            {Object.keys(VOCABULARIES)
              .filter((connector) => connector !== system.connector)
              .map((connector) => (
                <button
                  key={connector}
                  type="button"
                  onClick={() => {
                    const rebound = rebindSystem(model, system.id, connector, VOCABULARIES[connector]?.label);
                    if (rebound.ok) onChange(rebound.value.model);
                  }}
                  data-testid={`system-switch-${connector}`}
                >
                  Switch to {VOCABULARIES[connector]?.label ?? connector}
                </button>
              ))}
          </div>
        )}
        <label className="field">
          <span>Environments</span>
          <input value={system.environments.join(', ')} onChange={(event) => onChange(updateSystem(model, system.id, { environments: event.target.value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '') }))} />
        </label>
        <label className="field">
          <span>Notes</span>
          <textarea value={system.notes} onChange={(event) => onChange(updateSystem(model, system.id, { notes: event.target.value }))} rows={3} />
        </label>
        <p className="muted">Id “{system.id}” is how flows, xrefs and the environment file refer to it.</p>
        <button type="button" onClick={() => onChange(removeSystems(model, new Set([system.id])))}>
          Remove system
        </button>
      </aside>
    );
  }
  if (integration !== undefined) {
    return (
      <aside className="inspector" aria-label="Integration" data-testid="integration-inspector">
        <div className="panel-title">
          Today: {integration.from} → {integration.to}
        </div>
        <label className="field">
          <span>What it does</span>
          <input value={integration.label} onChange={(event) => onChange(updateIntegration(model, integration.id, { label: event.target.value }))} data-testid="integration-label" />
        </label>
        <label className="field">
          <span>Pain points</span>
          <textarea value={integration.painPoints} onChange={(event) => onChange(updateIntegration(model, integration.id, { painPoints: event.target.value }))} rows={4} data-testid="integration-pain" />
        </label>
        <button type="button" onClick={() => onChange(removeIntegrations(model, new Set([integration.id])))}>
          Remove integration
        </button>
      </aside>
    );
  }
  return (
    <aside className="inspector" aria-label="Inspector">
      <div className="panel-title">Systems map</div>
      <p className="muted inspector-help">Add the merchant’s systems from the catalog, then draw today’s integrations between them and note what hurts. Select a system or an integration to edit it.</p>
    </aside>
  );
}
