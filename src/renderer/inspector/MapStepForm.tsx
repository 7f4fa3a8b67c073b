import { useMemo } from 'react';
import { codeStepTemplate, codeStepTypes } from '../../shared/model/code-step';
import type { FlowDocument, FlowNode } from '../../shared/model/flow';
import { updateNode } from '../../shared/model/flow-edits';
import type { Mapping } from '../../shared/model/node-config';
import type { ProjectModel } from '../../shared/model/project-model';
import { CodeEditor } from './CodeEditor';
import { MappingEditor } from './MappingEditor';

interface MapStepFormProps {
  readonly model: ProjectModel;
  readonly flow: FlowDocument;
  readonly node: FlowNode;
  readonly scope: readonly string[];
  readonly theme: 'light' | 'dark';
  readonly onChange: (next: FlowDocument, mergeKey?: string) => void;
}

/**
 * A map is field mappings (expressions) or, for the rare case they cannot
 * say, a code step. Switching to code starts from a template; switching back
 * drops the code and keeps the mappings (undo brings the code back).
 */
/** The output pinned on the step feeding this one, if a run's output was pinned there. */
function pinnedUpstream(flow: FlowDocument, nodeId: string, onChange: (next: FlowDocument) => void) {
  const upstream = flow.edges.find((edge) => edge.target === nodeId && flow.pins?.[edge.source] !== undefined)?.source;
  const record = upstream === undefined ? undefined : flow.pins?.[upstream];
  if (upstream === undefined || record === undefined) return undefined;
  return {
    label: flow.nodes.find((candidate) => candidate.id === upstream)?.label ?? upstream,
    record,
    unpin: () => onChange({ ...flow, pins: Object.fromEntries(Object.entries(flow.pins ?? {}).filter(([id]) => id !== upstream)) }),
  };
}

export function MapStepForm({ model, flow, node, scope, theme, onChange }: MapStepFormProps) {
  const config = node.config;
  const entity = typeof config['entity'] === 'string' ? config['entity'] : '';
  const code = typeof config['code'] === 'string' ? config['code'] : null;
  const types = useMemo(() => codeStepTypes(model, scope, entity), [model, scope, entity]);
  const write = (next: Record<string, unknown>, mergeKey?: string): void => onChange(updateNode(flow, node.id, { config: next }), mergeKey);
  const switchToCode = (on: boolean): void => {
    if (on === (code !== null)) return;
    if (on) write({ ...config, code: codeStepTemplate(model, scope, entity) });
    else write(Object.fromEntries(Object.entries(config).filter(([key]) => key !== 'code')));
  };
  return (
    <>
      <div className="segmented" role="radiogroup" aria-label="How this map works">
        <button type="button" role="radio" aria-checked={code === null} className={code === null ? 'is-on' : ''} onClick={() => switchToCode(false)} data-testid="map-mode-mappings">
          Field mappings
        </button>
        <button type="button" role="radio" aria-checked={code !== null} className={code !== null ? 'is-on' : ''} onClick={() => switchToCode(true)} data-testid="map-mode-code">
          Code step
        </button>
      </div>
      {code === null ? (
        <MappingEditor
          model={model}
          entity={entity}
          scope={scope}
          mappings={Array.isArray(config['mappings']) ? (config['mappings'] as Mapping[]) : []}
          theme={theme}
          onChange={(mappings, mergeKey) => write({ ...config, mappings }, mergeKey === undefined ? undefined : `${node.id}:${mergeKey}`)}
          pinned={pinnedUpstream(flow, node.id, (next) => onChange(next))}
        />
      ) : (
        <>
          <p className="muted small">
            TypeScript, checked against <code>Input</code> (the fields in scope) and <code>Output</code> ({entity || 'the produced entity'}). It runs in the sandbox: JSON in, JSON out, nothing else.
          </p>
          <CodeEditor value={code} types={types} theme={theme} onChange={(next) => write({ ...config, code: next }, `${node.id}:code`)} />
        </>
      )}
    </>
  );
}
