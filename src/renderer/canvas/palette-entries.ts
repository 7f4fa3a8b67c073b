import { NODE_KINDS, NODE_KIND_INFO } from '../../shared/model/node-kinds';
import type { NodeKind } from '../../shared/model/node-kinds';
import type { ProjectModel } from '../../shared/model/project-model';

/**
 * What the palette offers: every node kind, and for each system the kinds
 * that talk to one (trigger, read, write, request) already bound to it.
 * Search matches name, kind, system and the entities the system holds.
 */
export interface PaletteEntry {
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  readonly config: Record<string, unknown>;
  readonly keywords: string;
}

const SYSTEM_KINDS: readonly NodeKind[] = ['trigger', 'read', 'write', 'request'];

export function paletteEntries(model: ProjectModel | null): PaletteEntry[] {
  const plain = NODE_KINDS.map((kind) => ({ id: kind, kind, label: NODE_KIND_INFO[kind].label, config: {}, keywords: `${kind} ${NODE_KIND_INFO[kind].label} ${NODE_KIND_INFO[kind].summary}`.toLowerCase() }));
  const bound = (model?.systems ?? []).flatMap((system) => {
    const entities = [...new Set((model?.ownership ?? []).filter((cell) => cell.system === system.id).map((cell) => cell.entity))].join(' ');
    return SYSTEM_KINDS.map((kind) => ({
      id: `${kind}:${system.id}`,
      kind,
      label: `${NODE_KIND_INFO[kind].label} · ${system.name}`,
      config: { system: system.id },
      keywords: `${kind} ${NODE_KIND_INFO[kind].label} ${system.id} ${system.name} ${system.role} ${entities}`.toLowerCase(),
    }));
  });
  return [...plain, ...bound];
}

/** Every word of the query must appear somewhere in the entry. */
export function searchPalette(entries: readonly PaletteEntry[], query: string): PaletteEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter((word) => word !== '');
  if (words.length === 0) return entries.filter((entry) => !entry.id.includes(':'));
  return entries.filter((entry) => words.every((word) => entry.keywords.includes(word)));
}
