import { Fragment, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Diagnostic } from '../../shared/governance/diagnostic';
import { fieldRef } from '../../shared/model/project-model';
import { EntityCatalog } from '../ownership/EntityCatalog';
import { OwnershipCanvas } from '../ownership/OwnershipCanvas';
import { useSteward } from '../store/use-store';
import type { CellState } from './ownership-matrix';
import { cellState, cycleCell, rowOwners } from './ownership-matrix';

const MARK: Readonly<Record<CellState, string>> = { owner: 'O', replica: 'R', 'inherited-owner': 'o', 'inherited-replica': 'r', none: '' };
const TITLE: Readonly<Record<CellState, string>> = {
  owner: 'Owner — click to make it a replica',
  replica: 'Replica — click to clear',
  'inherited-owner': 'Owner through the entity default — click to make another system owner',
  'inherited-replica': 'Replica through the entity default',
  none: 'Not held — click to make it the owner',
};

/**
 * The ownership matrix: entities and their fields as rows, systems as
 * columns, one owner per field. Rows are coloured by how many owners they
 * have — none, one, or contested — and every finding on the map is listed
 * beside it; a click on a finding selects the row it is about.
 */
export function OwnershipView({ diagnostics, colorMode }: { diagnostics: readonly Diagnostic[]; colorMode: 'light' | 'dark' }) {
  const { model, commitModel } = useSteward(useShallow((state) => ({ model: state.model, commitModel: state.commitModel })));
  const [selected, setSelected] = useState<string | null>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [mode, setMode] = useState<'matrix' | 'canvas' | 'catalog'>('matrix');
  if (model === null) return <div className="view-empty">Loading the ownership map…</div>;
  const findings = diagnostics.filter((entry) => entry.fields.length > 0 || entry.flowId === null);

  const row = (entity: string, field: string | null) => {
    const owners = rowOwners(model, entity, field);
    const id = field === null ? entity : fieldRef(entity, field);
    const heat = owners.length === 0 ? 'is-missing' : owners.length > 1 ? 'is-contested' : 'is-owned';
    return (
      <tr key={id} className={`${field === null ? 'matrix-entity-row' : 'matrix-field-row'} ${heat}${selected === id ? ' is-selected' : ''}`} data-testid={`row-${id}`} aria-selected={selected === id}>
        <th scope="row" className="matrix-name">
          {field === null ? (
            <button type="button" className="link-button" onClick={() => setCollapsed(toggle(collapsed, entity))} aria-expanded={!collapsed.has(entity)}>
              {collapsed.has(entity) ? '▸' : '▾'} {entity}
            </button>
          ) : (
            <span>{field}</span>
          )}
          {owners.length > 1 && <span className="matrix-reason">{owners.length} owners: {owners.join(', ')}</span>}
        </th>
        {model.systems.map((system) => {
          const state = cellState(model, entity, field, system.id);
          return (
            <td key={system.id}>
              <button
                type="button"
                className={`matrix-cell is-${state}`}
                title={TITLE[state]}
                aria-label={`${id} in ${system.name}: ${state.replace('-', ' ')}`}
                onClick={() => {
                  setSelected(id);
                  commitModel(cycleCell(model, entity, field, system.id));
                }}
                data-testid={`cell-${id}-${system.id}`}
              >
                {MARK[state]}
              </button>
            </td>
          );
        })}
      </tr>
    );
  };

  const matrix = (
    <section className="matrix-wrap">
      <table className="matrix">
        <thead>
          <tr>
            <th scope="col">Entity / field</th>
            {model.systems.map((system) => (
              <th key={system.id} scope="col">
                {system.name}
                <span className="muted matrix-role">{system.role}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {model.entities.map((entity) => (
            <Fragment key={entity.id}>
              {row(entity.id, null)}
              {!collapsed.has(entity.id) && entity.fields.map((field) => row(entity.id, field.id))}
            </Fragment>
          ))}
        </tbody>
      </table>
      <p className="matrix-legend muted">O owner · R replica · lower case: inherited from the entity row · green one owner · amber none · red contested</p>
    </section>
  );

  return (
    <div className="ownership-view" data-testid="view-ownership">
      <div className="ownership-main">
        <div className="ownership-mode" role="group" aria-label="Show ownership as">
          <button type="button" aria-pressed={mode === 'matrix'} onClick={() => setMode('matrix')} data-testid="mode-matrix">
            Matrix
          </button>
          <button type="button" aria-pressed={mode === 'canvas'} onClick={() => setMode('canvas')} data-testid="mode-canvas">
            Canvas
          </button>
          <button type="button" aria-pressed={mode === 'catalog'} onClick={() => setMode('catalog')} data-testid="mode-catalog">
            Entity catalog
          </button>
        </div>
        {mode === 'canvas' ? (
          <OwnershipCanvas model={model} diagnostics={findings} selected={selected} colorMode={colorMode} onChange={commitModel} />
        ) : mode === 'catalog' ? (
          <EntityCatalog model={model} onChange={commitModel} />
        ) : (
          matrix
        )}
      </div>
      <section className="problems-panel ownership-problems" aria-label="Problems" data-testid="problems-panel">
        <div className="panel-title">
          Problems <span className="count">{findings.length}</span>
        </div>
        {findings.length === 0 ? (
          <div className="problems-empty">Every field has at most one owner.</div>
        ) : (
          <ul>
            {findings.map((finding, index) => (
              <li key={`${finding.code}-${index}`}>
                <button type="button" className={`problem is-${finding.severity}`} onClick={() => setSelected(finding.fields[0] ?? null)} data-testid="problem">
                  <span className="problem-code">{finding.code}</span>
                  <span className="problem-message">{finding.message}</span>
                  <span className="problem-hint">{finding.hint}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function toggle(set: ReadonlySet<string>, value: string): ReadonlySet<string> {
  const next = new Set(set);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
}
