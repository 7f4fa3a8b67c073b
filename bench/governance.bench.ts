import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkProject } from '../src/shared/governance/check-project';
import type { FlowDocument, FlowNode } from '../src/shared/model/flow';
import { ProjectTemplate } from '../src/shared/model/template';
import { percentile, report, sample } from './report';

/**
 * The governance checker runs on every edit, so a whole project must check
 * within 200 ms: 200 flows of 50 nodes on the order-to-cash model, each a
 * trigger followed by sixteen map → write → await-ack steps.
 */
const FLOWS = 200;
const NODES = 50;

const template = ProjectTemplate.parse(JSON.parse(readFileSync(join(process.cwd(), 'resources', 'templates', 'order-to-cash.json'), 'utf8')));

function bigFlow(index: number): FlowDocument {
  const nodes: FlowNode[] = [{ id: 'trigger', kind: 'trigger', label: 'Stock changed', position: { x: 0, y: 0 }, config: { system: 'netsuite', entity: 'InventoryLevel', mode: 'poll' } }];
  const edges: FlowDocument['edges'] = [];
  let previous = 'trigger';
  for (let step = 0; nodes.length + 3 <= NODES; step += 1) {
    const map = `map-${step}`;
    const write = `write-${step}`;
    const ack = `ack-${step}`;
    nodes.push(
      { id: map, kind: 'map', label: map, position: { x: step * 300, y: 100 }, config: { entity: 'InventoryLevel', mappings: [{ field: 'sku', expression: 'sku' }, { field: 'available', expression: 'max(available, 0)' }] } },
      { id: write, kind: 'write', label: write, position: { x: step * 300, y: 200 }, config: { system: 'shopify', entity: 'InventoryLevel', fields: ['sku', 'available'], idempotencyKey: { kind: 'external-id', expression: 'sku' } } },
      { id: ack, kind: 'await-ack', label: ack, position: { x: step * 300, y: 300 }, config: { mode: 'read-back' } },
    );
    edges.push({ id: `e-${step}-a`, source: previous, target: map, sourceHandle: 'out' }, { id: `e-${step}-b`, source: map, target: write, sourceHandle: 'out' }, { id: `e-${step}-c`, source: write, target: ack, sourceHandle: 'out' });
    previous = ack;
  }
  while (nodes.length < NODES) {
    const id = `check-${nodes.length}`;
    nodes.push({ id, kind: 'check', label: id, position: { x: 0, y: 400 }, config: { expression: 'available >= 0' } });
    edges.push({ id: `e-${id}`, source: previous, target: id, sourceHandle: 'out' });
    previous = id;
  }
  return { id: `flow-${index}`, name: `Flow ${index}`, nodes, edges };
}

const flows = Array.from({ length: FLOWS }, (_, index) => bigFlow(index));
const findings = checkProject(template.model, flows);
if (findings.some((entry) => entry.severity === 'error')) throw new Error(`the benchmark project should be clean: ${findings[0]?.message ?? ''}`);
const times = sample(20, 3, () => checkProject(template.model, flows));

report(
  'governance',
  [
    { name: `check ${FLOWS} flows × ${NODES} nodes p50`, value: percentile(times, 50), unit: 'ms', goal: 200, direction: 'at-most' },
    { name: `check ${FLOWS} flows × ${NODES} nodes p95`, value: percentile(times, 95), unit: 'ms', goal: 200, direction: 'at-most' },
  ],
  { flows: FLOWS, nodesPerFlow: NODES, writes: FLOWS * 16 },
);
