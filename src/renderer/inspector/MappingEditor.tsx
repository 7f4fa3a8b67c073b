import { useMemo, useState } from 'react';
import type { DragEvent } from 'react';
import { compileExpression } from '../../shared/expression/compile';
import type { ExprType } from '../../shared/expression/library';
import { pinnedRecord, sampleRecord } from '../../shared/expression/sample';
import { ExpressionEditor } from './ExpressionEditor';
import type { Mapping } from '../../shared/model/node-config';
import type { ProjectModel } from '../../shared/model/project-model';

/**
 * Source fields on the left, the target entity's fields on the right, one
 * expression per target field. Drag a source field onto a target to map it;
 * every expression is checked as you type and previewed on sample data.
 */
const FIELD_MIME = 'application/x-steward-field';

interface MappingEditorProps {
  readonly model: ProjectModel;
  readonly entity: string;
  readonly scope: readonly string[];
  readonly mappings: readonly Mapping[];
  readonly onChange: (mappings: Mapping[], mergeKey?: string) => void;
  readonly theme: 'light' | 'dark';
  /** Real data pinned from a run upstream: previews use it instead of made-up samples. */
  readonly pinned?: { readonly label: string; readonly record: Readonly<Record<string, unknown>>; readonly unpin: () => void } | undefined;
}

function exprType(model: ProjectModel, ref: string): ExprType {
  const [entityId, fieldId] = ref.split('.');
  const type = model.entities.find((entity) => entity.id === entityId)?.fields.find((field) => field.id === fieldId)?.type;
  return type === 'integer' || type === 'decimal' || type === 'money' ? 'number' : type === 'boolean' ? 'boolean' : type === 'list' ? 'list' : 'string';
}

export function MappingEditor({ model, entity, scope, mappings, onChange, theme, pinned }: MappingEditorProps) {
  const target = model.entities.find((candidate) => candidate.id === entity);
  const [over, setOver] = useState<string | null>(null);
  const [focused, setFocused] = useState<string | null>(null);
  const typeScope = useMemo(() => {
    const map = new Map<string, ExprType>();
    for (const ref of scope) {
      map.set(ref, exprType(model, ref));
      map.set(ref.slice(ref.indexOf('.') + 1), exprType(model, ref));
    }
    return map;
  }, [model, scope]);
  const pinnedData = pinned?.record;
  const sample = useMemo(() => (pinnedData === undefined ? sampleRecord(model, scope) : pinnedRecord(model, scope, pinnedData)), [model, scope, pinnedData]);
  if (target === undefined) return <p className="muted">Choose the entity this map produces.</p>;

  const expressionOf = (field: string): string => mappings.find((mapping) => mapping.field === field)?.expression ?? '';
  const setExpression = (field: string, expression: string): void => {
    const others = mappings.filter((mapping) => mapping.field !== field);
    onChange(expression === '' ? others : [...others, { field, expression }], `mapping:${field}`);
  };
  const drop = (event: DragEvent<HTMLDivElement>, field: string): void => {
    const source = event.dataTransfer.getData(FIELD_MIME);
    setOver(null);
    if (source === '') return;
    event.preventDefault();
    setExpression(field, source.slice(source.indexOf('.') + 1));
  };

  return (
    <>
      {pinned !== undefined && (
        <p className="mapping-pinned" data-testid="mapping-pinned">
          Previews use the output pinned at <strong>{pinned.label}</strong> from a run.{' '}
          <button type="button" className="link-button" onClick={pinned.unpin} data-testid="mapping-unpin">
            Unpin
          </button>
        </p>
      )}
      <div className="mapping-editor" data-testid="mapping-editor">
        <div className="mapping-sources">
          <div className="mapping-heading">From</div>
          {scope.length === 0 && <p className="muted">Nothing reaches this node yet: connect a trigger or read before it.</p>}
          {scope.map((ref) => (
            <div key={ref} className="mapping-source" draggable onDragStart={(event) => event.dataTransfer.setData(FIELD_MIME, ref)} data-testid={`source-${ref}`} title={`${ref} (${exprType(model, ref)}) — drag onto a target field`}>
              {ref}
            </div>
          ))}
        </div>
        <div className="mapping-targets">
          <div className="mapping-heading">To {target.id}</div>
          {target.fields.map((field) => {
            const expression = expressionOf(field.id);
            const compiled = expression === '' ? null : compileExpression(expression, typeScope);
            const preview = compiled === null ? null : compiled.ok ? compiled.value.evaluate(sample) : null;
            return (
              <div
                key={field.id}
                className={`mapping-target${over === field.id ? ' is-over' : ''}${compiled !== null && !compiled.ok ? ' is-invalid' : ''}`}
                onDragOver={(event) => {
                  if (!event.dataTransfer.types.includes(FIELD_MIME)) return;
                  event.preventDefault();
                  setOver(field.id);
                }}
                onDragLeave={() => setOver(null)}
                onDrop={(event) => drop(event, field.id)}
                data-testid={`target-${field.id}`}
              >
                <div className="mapping-field">
                  {field.id}
                  {field.required && <span className="required" title="required">*</span>}
                  <span className="muted"> {field.type}</span>
                </div>
                <input className="mono" value={expression} placeholder="expression" spellCheck={false} onFocus={() => setFocused(field.id)} onChange={(event) => setExpression(field.id, event.target.value)} aria-label={`Expression for ${field.id}`} data-testid={`expression-${field.id}`} />
                {compiled !== null && !compiled.ok && (
                  <div className="mapping-error" role="alert">
                    {compiled.error.message}
                  </div>
                )}
                {compiled?.ok === true && (
                  <div className="mapping-preview" data-testid={`preview-${field.id}`}>
                    = {JSON.stringify(preview)}
                  </div>
                )}
              </div>
            );
          })}
        </div>
        {focused !== null && (
          <div className="mapping-monaco">
            <div className="mapping-heading">Editor: {target.id}.{focused} — completion with Ctrl+Space</div>
            <ExpressionEditor key={focused} value={expressionOf(focused)} scope={typeScope} onChange={(text) => setExpression(focused, text)} label={`Expression for ${focused}`} theme={theme} />
          </div>
        )}
      </div>
    </>
  );
}
