import type { Diagnostic } from '../../shared/governance/diagnostic';
import type { FlowDocument } from '../../shared/model/flow';

/**
 * Canvas search: words match a node's label; `kind:write`, `system:netsuite`,
 * `entity:Order` and `is:invalid` (`is:error`, `is:warning`) filter. All
 * terms must hold. An empty query matches nothing (nothing is dimmed).
 */
export function searchNodes(flow: FlowDocument, diagnostics: readonly Diagnostic[], query: string): Set<string> {
  const terms = query.trim().toLowerCase().split(/\s+/).filter((term) => term !== '');
  if (terms.length === 0) return new Set();
  const severity = new Map<string, Set<string>>();
  for (const entry of diagnostics) for (const id of entry.nodeIds) severity.set(id, new Set([...(severity.get(id) ?? []), entry.severity]));
  const matches = flow.nodes.filter((node) =>
    terms.every((term) => {
      const colon = term.indexOf(':');
      const key = colon === -1 ? '' : term.slice(0, colon);
      const value = colon === -1 ? term : term.slice(colon + 1);
      const config = node.config;
      switch (key) {
        case 'kind':
          return node.kind.startsWith(value);
        case 'system':
          return typeof config['system'] === 'string' && config['system'].toLowerCase().startsWith(value);
        case 'entity':
          return typeof config['entity'] === 'string' && config['entity'].toLowerCase().startsWith(value);
        case 'is': {
          const found = severity.get(node.id);
          if (value === 'invalid') return found !== undefined;
          return found?.has(value) === true;
        }
        default:
          return node.label.toLowerCase().includes(value) || node.id.toLowerCase().includes(value);
      }
    }),
  );
  return new Set(matches.map((node) => node.id));
}
