import { z } from 'zod';
import type { NodeKind } from './node-kinds';

/**
 * What each node kind says, beyond its position (domain.md §2). The flow
 * document keeps `config` as data; these schemas read it for the checker,
 * the inspector and the compiler.
 */
const SystemRef = z.string().min(1, 'choose a system');
const EntityRef = z.string().min(1, 'choose an entity');

export const TriggerConfig = z.object({
  system: SystemRef,
  entity: EntityRef,
  mode: z.enum(['webhook', 'poll', 'schedule', 'scenario', 'sub-flow']).default('webhook'),
  topic: z.string().optional(),
});

export const ReadConfig = z.object({ system: SystemRef, entity: EntityRef, key: z.string().default('') });

export const Mapping = z.object({
  field: z.string().min(1),
  /** An expression in Steward's expression language over the incoming record. */
  expression: z.string().min(1, 'write an expression'),
});
export type Mapping = z.infer<typeof Mapping>;

export const MapConfig = z.object({ entity: EntityRef, mappings: z.array(Mapping).default([]), code: z.string().optional() });

export const RouteConfig = z.object({ conditions: z.array(z.object({ name: z.string().min(1), expression: z.string().min(1) })).default([]) });

export const IdempotencyKey = z.object({
  kind: z.enum(['header', 'external-id', 'dedupe-store']),
  expression: z.string().min(1, 'say what the key is built from'),
});

export const WriteConfig = z.object({
  system: SystemRef,
  entity: EntityRef,
  mode: z.enum(['create', 'upsert', 'update']).default('upsert'),
  fields: z.array(z.string().min(1)).min(1, 'name the fields this write sets'),
  idempotencyKey: IdempotencyKey.optional(),
  /** `await-node`: an await-ack node must follow; `connector`: the connector's answer is a semantic ack. */
  ack: z.enum(['await-node', 'connector']).default('await-node'),
});
export type WriteConfig = z.infer<typeof WriteConfig>;

export const RequestConfig = z.object({ system: SystemRef, entity: EntityRef, fields: z.array(z.string().min(1)).min(1), ttlSeconds: z.number().int().positive().default(1800) });

export const AwaitAckConfig = z.object({ mode: z.enum(['semantic', 'read-back', 'event']).default('read-back'), deadlineSeconds: z.number().positive().default(30), event: z.string().optional() });

export const CheckConfig = z.object({ expression: z.string().min(1), message: z.string().default('') });

export const ErrorConfig = z.object({ deadLetter: z.boolean().default(true) });

export const SubFlowConfig = z.object({ flowId: z.string().min(1, 'choose a flow') });

export const NODE_CONFIGS = {
  trigger: TriggerConfig,
  read: ReadConfig,
  map: MapConfig,
  route: RouteConfig,
  write: WriteConfig,
  request: RequestConfig,
  'await-ack': AwaitAckConfig,
  check: CheckConfig,
  error: ErrorConfig,
  'sub-flow': SubFlowConfig,
} as const satisfies Record<NodeKind, z.ZodType>;

export type NodeConfigOf<K extends NodeKind> = z.infer<(typeof NODE_CONFIGS)[K]>;
