import { useState } from 'react';
import { addEntity, addField, removeEntity, removeField, setFieldName, setXref, updateField } from '../../shared/model/catalog-edits';
import type { FieldType, ProjectModel } from '../../shared/model/project-model';
import { FIELD_TYPES } from '../../shared/model/project-model';

/**
 * The entity catalog: canonical and custom entities, their fields (money as
 * minor units + currency), and where each system keeps them — the xref of
 * the business key and each field's name in that system.
 */
export function EntityCatalog({ model, onChange }: { model: ProjectModel; onChange: (next: ProjectModel) => void }) {
  const [current, setCurrent] = useState(model.entities[0]?.id ?? '');
  const [newEntity, setNewEntity] = useState('');
  const [newField, setNewField] = useState('');
  const [newType, setNewType] = useState<FieldType>('string');
  const [problem, setProblem] = useState<string | null>(null);
  const entity = model.entities.find((candidate) => candidate.id === current);

  const apply = (result: { ok: true; value: ProjectModel } | { ok: false; error: { message: string } }, after?: () => void): void => {
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    setProblem(null);
    onChange(result.value);
    after?.();
  };

  return (
    <div className="catalog" data-testid="entity-catalog">
      <aside className="catalog-list">
        <div className="panel-title">Entities</div>
        <ul>
          {model.entities.map((candidate) => (
            <li key={candidate.id}>
              <button type="button" className={`flows-item${candidate.id === current ? ' is-active' : ''}`} onClick={() => setCurrent(candidate.id)} data-testid={`catalog-entity-${candidate.id}`}>
                <span>{candidate.id}</span>
                <span className="muted">{candidate.custom ? 'custom' : candidate.fields.length}</span>
              </button>
            </li>
          ))}
        </ul>
        <form
          className="catalog-add"
          onSubmit={(event) => {
            event.preventDefault();
            apply(addEntity(model, newEntity.trim()), () => {
              setCurrent(newEntity.trim());
              setNewEntity('');
            });
          }}
        >
          <input value={newEntity} onChange={(event) => setNewEntity(event.target.value)} placeholder="New entity, e.g. LoyaltyPoints" data-testid="new-entity" />
          <button type="submit">Add</button>
        </form>
      </aside>
      {entity === undefined ? (
        <div className="view-empty">Choose or add an entity.</div>
      ) : (
        <section className="catalog-detail">
          <h2>
            {entity.id} <span className="muted">key: {entity.key}</span>
          </h2>
          {problem !== null && (
            <p className="catalog-problem" role="alert" data-testid="catalog-problem">
              {problem}
            </p>
          )}
          <table className="data-table">
            <thead>
              <tr>
                <th>Field</th>
                <th>Type</th>
                <th>Required</th>
                {model.systems.map((system) => (
                  <th key={system.id}>Name in {system.name}</th>
                ))}
                <th />
              </tr>
            </thead>
            <tbody>
              {entity.fields.map((field) => (
                <tr key={field.id} data-testid={`catalog-field-${entity.id}.${field.id}`}>
                  <td className="strong">{field.id}</td>
                  <td>
                    <select value={field.type} onChange={(event) => onChange(updateField(model, entity.id, field.id, { type: event.target.value as FieldType }))}>
                      {FIELD_TYPES.map((type) => (
                        <option key={type} value={type}>
                          {type === 'money' ? 'money (minor units)' : type}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input type="checkbox" checked={field.required} onChange={(event) => onChange(updateField(model, entity.id, field.id, { required: event.target.checked }))} aria-label={`${field.id} is required`} />
                  </td>
                  {model.systems.map((system) => (
                    <td key={system.id}>
                      <input
                        className="mono"
                        value={model.fieldNames.find((name) => name.entity === entity.id && name.field === field.id && name.system === system.id)?.name ?? ''}
                        onChange={(event) => onChange(setFieldName(model, entity.id, field.id, system.id, event.target.value))}
                        placeholder="—"
                        aria-label={`${field.id} in ${system.name}`}
                      />
                    </td>
                  ))}
                  <td>
                    <button type="button" className="icon-button" aria-label={`Remove ${field.id}`} onClick={() => apply(removeField(model, entity.id, field.id))}>
                      ×
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <form
            className="catalog-add"
            onSubmit={(event) => {
              event.preventDefault();
              apply(addField(model, entity.id, newField.trim(), newType), () => setNewField(''));
            }}
          >
            <input value={newField} onChange={(event) => setNewField(event.target.value)} placeholder="New field, e.g. giftNote" data-testid="new-field" />
            <select value={newType} onChange={(event) => setNewType(event.target.value as FieldType)} aria-label="Type of the new field">
              {FIELD_TYPES.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
            <button type="submit">Add field</button>
          </form>

          <h3>Where each system keeps the key</h3>
          <table className="data-table">
            <thead>
              <tr>
                <th>System</th>
                <th>Field in that system</th>
                <th>Written as</th>
              </tr>
            </thead>
            <tbody>
              {model.systems.map((system) => {
                const xref = model.xrefs.find((entry) => entry.entity === entity.id && entry.system === system.id);
                return (
                  <tr key={system.id}>
                    <td className="strong">{system.name}</td>
                    <td>
                      <input className="mono" value={xref?.path ?? ''} placeholder="—" onChange={(event) => onChange(setXref(model, entity.id, system.id, event.target.value, xref?.format ?? '{key}'))} aria-label={`${entity.id} key field in ${system.name}`} />
                    </td>
                    <td>
                      <input className="mono" value={xref?.format ?? ''} placeholder="{key}" disabled={xref === undefined} onChange={(event) => onChange(setXref(model, entity.id, system.id, xref?.path ?? '', event.target.value))} aria-label={`${entity.id} key format in ${system.name}`} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {entity.custom && (
            <button type="button" onClick={() => onChange(removeEntity(model, entity.id))}>
              Remove {entity.id}
            </button>
          )}
        </section>
      )}
    </div>
  );
}
