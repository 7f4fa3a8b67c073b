import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Invariant } from '../../shared/model/invariant';
import type { ReconciledEntity } from '../../shared/reconcile/canonical';
import { RECONCILED_ENTITIES, invariantScope, isReconciled } from '../../shared/reconcile/canonical';
import { derivedInvariants } from '../../shared/reconcile/rules';
import { ExpressionEditor } from '../inspector/ExpressionEditor';
import { useSteward } from '../store/use-store';

/**
 * The invariants the reconciler checks: those derived from the ownership
 * map (read-only: change the map to change them) and the project's written
 * ones, edited here in Steward's expression language with completion of
 * each system's canonical fields. Preview judges the last snapshot again
 * with the rules as they are now, without reading any system.
 */
const blank = (entity: ReconciledEntity, index: number): Invariant => ({
  id: `rule-${index}`,
  title: 'A new rule',
  entity,
  severity: 'error',
  when: '',
  expect: 'true',
  agree: {},
  tolerance: 0,
  withinHours: 0,
  since: '',
  field: null,
  enabled: true,
});

export function RulesPanel({ theme }: { theme: 'light' | 'dark' }) {
  const { model, report, commitModel, flushModel, preview } = useSteward(
    useShallow((state) => ({ model: state.model, report: state.reconcileReport, commitModel: state.commitModel, flushModel: state.flushModel, preview: state.previewRules })),
  );
  const [open, setOpen] = useState<string | null>(null);
  const systems = useMemo(() => model?.systems.map((system) => ({ id: system.id, role: system.role })) ?? [], [model]);
  if (model === null) return null;
  const derived = derivedInvariants(model, systems);
  const found = (id: string): number | null => (report === null ? null : (report.summary.byRule[id] ?? 0));
  const update = (id: string, change: Partial<Invariant>): void => {
    commitModel({ ...model, invariants: model.invariants.map((rule) => (rule.id === id ? { ...rule, ...change } : rule)) });
  };
  const add = (): void => {
    const rule = blank('Order', model.invariants.length + 1);
    commitModel({ ...model, invariants: [...model.invariants, rule] });
    setOpen(rule.id);
  };
  const remove = (id: string): void => commitModel({ ...model, invariants: model.invariants.filter((rule) => rule.id !== id) });
  return (
    <div className="rules-panel" data-testid="rules-panel">
      <div className="rules-head">
        <h3>Invariants</h3>
        <button type="button" onClick={add} data-testid="rule-add">
          Add a rule
        </button>
        <button type="button" className="primary" disabled={report === null} onClick={() => void flushModel().then(preview)} data-testid="rules-preview" title="Judge the last snapshot again with the rules as they are now">
          Preview on the last snapshot
        </button>
      </div>
      {report?.problems.map((problem) => (
        <p key={`${problem.rule}-${problem.part}`} className="error-text" data-testid="rule-problem">
          {problem.rule} ({problem.part}): {problem.message}
        </p>
      ))}
      <ul className="rules-list">
        {model.invariants.map((rule) => {
          const scope = isReconciled(rule.entity) ? invariantScope(rule.entity, systems) : new Map();
          const count = found(rule.id);
          return (
            <li key={rule.id} className={`rule${rule.enabled ? '' : ' is-off'}`} data-testid={`rule-${rule.id}`}>
              <button type="button" className="rule-summary" onClick={() => setOpen(open === rule.id ? null : rule.id)}>
                <span className={`severity is-${rule.severity}`}>{rule.severity}</span>
                <span className="rule-title">{rule.title}</span>
                <span className="muted">{rule.entity}</span>
                {count !== null && <span className={`rule-count${count > 0 ? ' is-bad' : ''}`} data-testid={`rule-count-${rule.id}`}>{count}</span>}
              </button>
              {open === rule.id && (
                <div className="rule-form">
                  <label>
                    Title
                    <input value={rule.title} onChange={(event) => update(rule.id, { title: event.target.value })} />
                  </label>
                  <div className="rule-row">
                    <label>
                      Entity
                      <select value={rule.entity} onChange={(event) => update(rule.id, { entity: event.target.value })}>
                        {RECONCILED_ENTITIES.map((entity) => (
                          <option key={entity}>{entity}</option>
                        ))}
                      </select>
                    </label>
                    <label>
                      Severity
                      <select value={rule.severity} onChange={(event) => update(rule.id, { severity: event.target.value as Invariant['severity'] })}>
                        <option value="error">error</option>
                        <option value="warning">warning</option>
                      </select>
                    </label>
                    <label>
                      Tolerance
                      <input type="number" min={0} value={rule.tolerance} onChange={(event) => update(rule.id, { tolerance: Math.max(0, Number(event.target.value)) })} data-testid={`rule-tolerance-${rule.id}`} />
                    </label>
                    <label title="A record that breaks the rule younger than this is in flight, not inconsistent">
                      SLA (hours)
                      <input type="number" min={0} value={rule.withinHours} onChange={(event) => update(rule.id, { withinHours: Math.max(0, Number(event.target.value)) })} />
                    </label>
                    <label className="rule-enabled">
                      <input type="checkbox" checked={rule.enabled} onChange={(event) => update(rule.id, { enabled: event.target.checked })} /> checked
                    </label>
                  </div>
                  <span className="field-label">Only where</span>
                  <ExpressionEditor value={rule.when} scope={scope} onChange={(when) => update(rule.id, { when })} label={`${rule.title}: only where`} theme={theme} />
                  {Object.keys(rule.agree).length === 0 ? (
                    <>
                      <span className="field-label">Every record meets</span>
                      <ExpressionEditor value={rule.expect} scope={scope} onChange={(expect) => update(rule.id, { expect })} label={`${rule.title}: condition`} theme={theme} />
                    </>
                  ) : (
                    Object.entries(rule.agree).map(([label, source]) => (
                      <div key={label}>
                        <span className="field-label">Agrees: {label}</span>
                        <ExpressionEditor value={source} scope={scope} onChange={(next) => update(rule.id, { agree: { ...rule.agree, [label]: next } })} label={`${rule.title}: ${label}`} theme={theme} />
                      </div>
                    ))
                  )}
                  <button type="button" onClick={() => remove(rule.id)}>
                    Remove this rule
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <h4 className="muted">Derived from the ownership map</h4>
      <ul className="rules-list">
        {derived.map((rule) => (
          <li key={rule.id} className="rule is-derived" data-testid={`rule-${rule.id}`}>
            <span className="rule-summary">
              <span className="severity is-error">error</span>
              <span className="rule-title">{rule.title}</span>
              {found(rule.id) !== null && <span className={`rule-count${(found(rule.id) ?? 0) > 0 ? ' is-bad' : ''}`}>{found(rule.id)}</span>}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
