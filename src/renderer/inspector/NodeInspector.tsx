import type { ReactNode } from 'react';
import type { FlowDocument, FlowNode } from '../../shared/model/flow';
import { updateNode } from '../../shared/model/flow-edits';
import { NODE_CONFIGS } from '../../shared/model/node-config';
import type { NodeConfigOf } from '../../shared/model/node-config';
import { NODE_KIND_INFO } from '../../shared/model/node-kinds';
import type { ProjectModel } from '../../shared/model/project-model';
import { MapStepForm } from './MapStepForm';

/**
 * The inspector for one node: a form per kind, over the node's config. What
 * the kind's schema refuses is shown beside the form; every change is an
 * edit of the flow (typing into one field is one undo step).
 */
interface InspectorProps {
  readonly model: ProjectModel;
  readonly flow: FlowDocument;
  readonly node: FlowNode;
  readonly scope: readonly string[];
  readonly flows: readonly { id: string; name: string }[];
  readonly onChange: (next: FlowDocument, mergeKey?: string) => void;
  readonly theme: 'light' | 'dark';
  readonly onOpenFlow: (flowId: string) => void;
  /** Shown under the node's settings: what the last run did here. */
  readonly children?: ReactNode;
}

/** The trigger modes, from the schema, with what each means to the consultant. */
const TRIGGER_MODES: Record<NodeConfigOf<'trigger'>['mode'], string> = {
  webhook: 'webhook',
  poll: 'poll',
  schedule: 'schedule',
  scenario: 'scenario data',
  'sub-flow': 'called as a sub-flow',
};

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

export function NodeInspector({ model, flow, node, scope, flows, onChange, onOpenFlow, theme, children }: InspectorProps) {
  const config = node.config;
  const set = (key: string, value: unknown, merge = false): void => {
    const cleared = value === undefined || value === '';
    const next: Record<string, unknown> = Object.fromEntries([...Object.entries(config).filter(([name]) => name !== key), ...(cleared ? [] : [[key, value] as const])]);
    onChange(updateNode(flow, node.id, { config: next }), merge ? `${node.id}:${key}` : undefined);
  };
  const text = (key: string): string => (typeof config[key] === 'string' ? config[key] : '');
  const parsed = NODE_CONFIGS[node.kind].safeParse(config);
  const entity = model.entities.find((candidate) => candidate.id === text('entity'));

  const systemSelect = (label = 'System') => (
    <Field label={label}>
      <select value={text('system')} onChange={(event) => set('system', event.target.value)} data-testid="inspector-system">
        <option value="">Choose…</option>
        {model.systems.map((system) => (
          <option key={system.id} value={system.id}>
            {system.name}
          </option>
        ))}
      </select>
    </Field>
  );
  const entitySelect = (label = 'Entity') => (
    <Field label={label}>
      <select value={text('entity')} onChange={(event) => set('entity', event.target.value)} data-testid="inspector-entity">
        <option value="">Choose…</option>
        {model.entities.map((candidate) => (
          <option key={candidate.id} value={candidate.id}>
            {candidate.id}
          </option>
        ))}
      </select>
    </Field>
  );
  const fieldChecks = (key: string) => (
    <fieldset className="field field-checks">
      <legend>Fields</legend>
      {(entity?.fields ?? []).map((field) => {
        const chosen = Array.isArray(config[key]) ? (config[key] as string[]) : [];
        return (
          <label key={field.id}>
            <input type="checkbox" checked={chosen.includes(field.id)} onChange={(event) => set(key, event.target.checked ? [...chosen, field.id] : chosen.filter((entry) => entry !== field.id))} data-testid={`inspector-field-${field.id}`} />
            {field.id}
            {field.required && <span className="required">*</span>}
          </label>
        );
      })}
    </fieldset>
  );

  let form: ReactNode = null;
  switch (node.kind) {
    case 'trigger':
      form = (
        <>
          {systemSelect()}
          {entitySelect()}
          <Field label="Mode">
            <select value={text('mode') || 'webhook'} onChange={(event) => set('mode', event.target.value)}>
              {Object.entries(TRIGGER_MODES).map(([mode, meaning]) => (
                <option key={mode} value={mode}>
                  {meaning}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Topic">
            <input value={text('topic')} placeholder="orders/create" onChange={(event) => set('topic', event.target.value, true)} />
          </Field>
        </>
      );
      break;
    case 'read':
      form = (
        <>
          {systemSelect()}
          {entitySelect()}
          <Field label="Key (expression)">
            <input className="mono" value={text('key')} onChange={(event) => set('key', event.target.value, true)} />
          </Field>
        </>
      );
      break;
    case 'map':
      form = (
        <>
          {entitySelect('Produces')}
          <MapStepForm model={model} flow={flow} node={node} scope={scope} theme={theme} onChange={onChange} />
        </>
      );
      break;
    case 'write': {
      const key = (typeof config['idempotencyKey'] === 'object' && config['idempotencyKey'] !== null ? config['idempotencyKey'] : {}) as { kind?: string; expression?: string };
      form = (
        <>
          {systemSelect('Into')}
          {entitySelect()}
          <Field label="Mode">
            <select value={text('mode') || 'upsert'} onChange={(event) => set('mode', event.target.value)}>
              {['upsert', 'create', 'update'].map((mode) => (
                <option key={mode}>{mode}</option>
              ))}
            </select>
          </Field>
          {fieldChecks('fields')}
          <Field label="Idempotency key">
            <div className="field-row-inline">
              <select value={key.kind ?? ''} onChange={(event) => set('idempotencyKey', event.target.value === '' ? undefined : { kind: event.target.value, expression: key.expression ?? '' })} data-testid="inspector-idempotency">
                <option value="">None</option>
                <option value="external-id">External-id upsert</option>
                <option value="header">Vendor header</option>
                <option value="dedupe-store">Dedupe store</option>
              </select>
              <input className="mono" value={key.expression ?? ''} placeholder="e.g. &quot;shopify-&quot; & orderId" disabled={key.kind === undefined} onChange={(event) => set('idempotencyKey', { kind: key.kind, expression: event.target.value }, true)} />
            </div>
          </Field>
          <Field label="Acknowledgement">
            <select value={text('ack') || 'await-node'} onChange={(event) => set('ack', event.target.value)}>
              <option value="await-node">An await-ack node follows</option>
              <option value="connector">The connector's answer is a semantic ack</option>
            </select>
          </Field>
        </>
      );
      break;
    }
    case 'request':
      form = (
        <>
          {systemSelect('Ask (the owner)')}
          {entitySelect()}
          {fieldChecks('fields')}
        </>
      );
      break;
    case 'await-ack':
      form = (
        <>
          <Field label="Proof">
            <select value={text('mode') || 'read-back'} onChange={(event) => set('mode', event.target.value)}>
              <option value="read-back">Read the record back</option>
              <option value="semantic">Semantic success in the answer</option>
              <option value="event">An ack event</option>
            </select>
          </Field>
          <Field label="Deadline (seconds)">
            <input type="number" min={1} value={typeof config['deadlineSeconds'] === 'number' ? config['deadlineSeconds'] : 30} onChange={(event) => set('deadlineSeconds', Number(event.target.value), true)} />
          </Field>
        </>
      );
      break;
    case 'check':
      form = (
        <>
          <Field label="Must hold (expression)">
            <input className="mono" value={text('expression')} onChange={(event) => set('expression', event.target.value, true)} />
          </Field>
          <Field label="Message">
            <input value={text('message')} onChange={(event) => set('message', event.target.value, true)} />
          </Field>
        </>
      );
      break;
    case 'sub-flow':
      form = (
        <Field label="Flow">
          <select value={text('flowId')} onChange={(event) => set('flowId', event.target.value)}>
            <option value="">Choose…</option>
            {flows
              .filter((candidate) => candidate.id !== flow.id)
              .map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
          </select>
          {text('flowId') !== '' && flows.some((candidate) => candidate.id === text('flowId')) && (
            <button type="button" className="link-button" onClick={() => onOpenFlow(text('flowId'))} data-testid="open-subflow">
              Open this flow
            </button>
          )}
        </Field>
      );
      break;
    default:
      form = <p className="muted">{NODE_KIND_INFO[node.kind].summary}.</p>;
  }

  return (
    <aside className="inspector node-inspector" aria-label="Inspector" data-testid="node-inspector">
      <div className="panel-title">{NODE_KIND_INFO[node.kind].label}</div>
      <Field label="Label">
        <input value={node.label} onChange={(event) => onChange(updateNode(flow, node.id, { label: event.target.value }), `${node.id}:label`)} data-testid="inspector-label" />
      </Field>
      {form}
      {!parsed.success && <p className="inspector-note muted">Not complete yet: {parsed.error.issues.map((issue) => issue.path.join('.') || 'settings').join(', ')}.</p>}
      {children}
    </aside>
  );
}
