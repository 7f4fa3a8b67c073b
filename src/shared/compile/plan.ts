import type { CompiledExpression } from '../expression/compile';
import type { NodeConfigOf } from '../model/node-config';

/**
 * A pipeline plan: what the runtime executes for one flow (domain.md §4).
 * Every expression is already a closure, so a run never parses; every step
 * knows where each of its outputs leads. Plans are built by `compileFlow`
 * only from flows the checker finds clean.
 */
interface StepBase {
  readonly id: string;
  readonly label: string;
  /** Where each named output leads: step ids, in edge order. */
  readonly next: Readonly<Record<string, readonly string[]>>;
}

export type PlanStep =
  | (StepBase & { readonly kind: 'trigger'; readonly system: string; readonly entity: string; readonly mode: NodeConfigOf<'trigger'>['mode']; readonly topic: string | null })
  | (StepBase & { readonly kind: 'read'; readonly system: string; readonly entity: string; readonly key: CompiledExpression | null })
  | (StepBase & { readonly kind: 'map'; readonly entity: string; readonly fields: readonly { readonly field: string; readonly value: CompiledExpression }[]; readonly code: string | null })
  | (StepBase & { readonly kind: 'route'; readonly conditions: readonly { readonly name: string; readonly test: CompiledExpression }[] })
  | (StepBase & {
      readonly kind: 'write';
      readonly system: string;
      readonly entity: string;
      readonly mode: NodeConfigOf<'write'>['mode'];
      readonly fields: readonly string[];
      readonly idempotency: { readonly kind: 'header' | 'external-id' | 'dedupe-store'; readonly key: CompiledExpression };
      readonly ack: NodeConfigOf<'write'>['ack'];
    })
  | (StepBase & { readonly kind: 'request'; readonly system: string; readonly entity: string; readonly fields: readonly string[]; readonly ttlSeconds: number })
  | (StepBase & { readonly kind: 'await-ack'; readonly mode: NodeConfigOf<'await-ack'>['mode']; readonly deadlineSeconds: number; readonly event: string | null })
  | (StepBase & { readonly kind: 'check'; readonly test: CompiledExpression; readonly message: string })
  | (StepBase & { readonly kind: 'error'; readonly deadLetter: boolean })
  | (StepBase & { readonly kind: 'sub-flow'; readonly flowId: string });

export interface PipelinePlan {
  readonly flowId: string;
  readonly flowName: string;
  /** The trigger steps: where transactions enter. */
  readonly entries: readonly string[];
  /** Every step, in an order where each comes after all that lead to it. */
  readonly order: readonly string[];
  readonly steps: ReadonlyMap<string, PlanStep>;
}
