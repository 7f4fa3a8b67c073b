import { useReactFlow } from '@xyflow/react';
import type { Diagnostic } from '../../shared/governance/diagnostic';
import type { FlowDocument } from '../../shared/model/flow';

/** Rendering thousands of rows would stall the canvas; the first ones are what gets fixed first. */
const SHOWN = 100;

/** Every finding on the open flow; a click centres the canvas on its node. */
export function ProblemsPanel({ flow, diagnostics }: { flow: FlowDocument; diagnostics: readonly Diagnostic[] }) {
  const { setCenter, setNodes } = useReactFlow();
  const reveal = (diagnostic: Diagnostic): void => {
    const ids = new Set(diagnostic.nodeIds);
    const target = flow.nodes.find((node) => ids.has(node.id));
    if (target === undefined) return;
    setNodes((nodes) => nodes.map((node) => ({ ...node, selected: ids.has(node.id) })));
    void setCenter(target.position.x + 90, target.position.y + 30, { zoom: 1.2, duration: 250 });
  };
  return (
    <section className="problems-panel" aria-label="Problems" data-testid="problems-panel">
      <div className="panel-title">
        Problems <span className="count">{diagnostics.length}</span>
      </div>
      {diagnostics.length === 0 ? (
        <div className="problems-empty">No problems in this flow.</div>
      ) : (
        <ul>
          {diagnostics.slice(0, SHOWN).map((diagnostic, index) => (
            <li key={`${diagnostic.code}-${index}`}>
              <button type="button" className={`problem is-${diagnostic.severity}`} onClick={() => reveal(diagnostic)}>
                <span className="problem-code">{diagnostic.code}</span>
                <span className="problem-message">{diagnostic.message}</span>
                <span className="problem-hint">{diagnostic.hint}</span>
              </button>
            </li>
          ))}
          {diagnostics.length > SHOWN && <li className="problems-more muted">…and {diagnostics.length - SHOWN} more. Fix these first, or search the canvas with is:invalid.</li>}
        </ul>
      )}
    </section>
  );
}
