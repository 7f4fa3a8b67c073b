/**
 * The flow vocabulary of domain.md §2. The order is the palette's order: from
 * where transactions come from, through logic, to where they land.
 */
export const NODE_KINDS = [
  'trigger',
  'read',
  'map',
  'route',
  'write',
  'request',
  'await-ack',
  'check',
  'error',
  'sub-flow',
] as const;

export type NodeKind = (typeof NODE_KINDS)[number];

export interface NodeKindInfo {
  readonly label: string;
  readonly summary: string;
  /** Whether the kind takes an incoming edge; triggers start transactions. */
  readonly hasInput: boolean;
  /** Named outputs; most kinds have one, request has confirmed and denied. */
  readonly outputs: readonly string[];
}

export const NODE_KIND_INFO: Readonly<Record<NodeKind, NodeKindInfo>> = {
  trigger: { label: 'Trigger', summary: 'Webhook topic, poll, schedule or scenario data', hasInput: false, outputs: ['out'] },
  read: { label: 'Read', summary: 'Fetch an entity from a system by key or query', hasInput: true, outputs: ['out'] },
  map: { label: 'Map', summary: 'Transform fields with expressions', hasInput: true, outputs: ['out'] },
  route: { label: 'Filter / route', summary: 'Conditions and branches', hasInput: true, outputs: ['out'] },
  write: { label: 'Write', summary: 'Create or upsert an entity in a system', hasInput: true, outputs: ['out'] },
  request: { label: 'Request', summary: 'Ask the owner to make a change', hasInput: true, outputs: ['confirmed', 'denied'] },
  'await-ack': { label: 'Await ack', summary: 'Require positive acknowledgement', hasInput: true, outputs: ['out'] },
  check: { label: 'Check', summary: 'Assert on the transaction', hasInput: true, outputs: ['out'] },
  error: { label: 'Error', summary: 'Dead-letter with context, for replay', hasInput: true, outputs: [] },
  'sub-flow': { label: 'Sub-flow', summary: 'Reuse another flow', hasInput: true, outputs: ['out'] },
};

export function isNodeKind(value: string): value is NodeKind {
  return (NODE_KINDS as readonly string[]).includes(value);
}
