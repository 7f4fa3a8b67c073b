import { truthy } from '../expression/compile';
import { toText } from '../expression/library';
import type { ProjectModel } from '../model/project-model';
import type { ReconciledEntity } from './canonical';
import { CATALOG, MONEY_FIELDS, RECONCILED_ENTITIES } from './canonical';
import { fromMinorUnits } from '../money';
import type { Rule } from './rules';
import { ownerOf } from './rules';
import type { Snapshot, SystemSnapshot } from './snapshot';
import type { KeyIndex, Scalar, Table } from './table';
import { RowView, labelAt } from './table';

/**
 * The join and the judgement: records of every system are matched by
 * business key (through the xrefs their readers resolved), each key is seen
 * as one object — `{ key, ageHours, shopify: {…}, netsuite: {…}, … }` — and
 * every rule runs against it. Only records that break a rule become
 * findings; everything else is counted and let go.
 */
export interface Finding {
  readonly entity: ReconciledEntity;
  /** The report key (domain.md §7). */
  readonly key: string;
  /** The business key the systems share, or null for a copy with no original. */
  readonly businessKey: string | null;
  readonly label: string;
  readonly severity: 'error' | 'warning';
  readonly rules: readonly { readonly id: string; readonly title: string; readonly severity: 'error' | 'warning'; readonly message: string }[];
  /** Per system, the fields the broken rules compared; null where the system has no such record. */
  readonly observed: Readonly<Record<string, Readonly<Record<string, unknown>> | null>>;
  /** `system.field` paths whose values disagree (what the results pane highlights). */
  readonly differing: readonly string[];
  /** SKUs on the record's lines, for root-cause grouping. */
  readonly skus: readonly string[];
}

export interface Judgement {
  readonly asOf: string | null;
  readonly checked: Readonly<Partial<Record<ReconciledEntity, number>>>;
  /** Records that break a rule but are still within its SLA. */
  readonly inFlight: number;
  readonly findings: readonly Finding[];
  /** Milliseconds spent joining (indexing every system by key) and judging. */
  readonly timings: { readonly join: number; readonly judge: number };
}

const HOUR = 3_600_000;

interface Side {
  readonly system: SystemSnapshot;
  readonly table: Table;
  readonly index: KeyIndex;
  readonly view: RowView;
  /** Records per key (as text) where there are more than one: duplicates, and copies attached by name. */
  readonly copies: Map<string, number>;
  readonly lineFields: boolean;
}

/** Indexes one system's table by key; rows with no key are matched to an order by its name, or left as orphans. */
function sideOf(system: SystemSnapshot, table: Table, ownerNames: (() => Map<string, string>) | null): { side: Side; orphans: number[] } {
  const index = table.index();
  const copies = new Map<string, number>();
  const orphans: number[] = [];
  const keys = table.data.keys;
  if (index.size !== keys.length) {
    for (let row = 0; row < keys.length; row += 1) {
      const key = labelAt(keys, row);
      if (key === null) {
        const name = table.value(row, 'name');
        const owner = name === null || ownerNames === null ? undefined : ownerNames().get(String(name));
        if (owner === undefined) orphans.push(row);
        else copies.set(owner, (copies.get(owner) ?? 1) + 1);
      } else if (index.get(key) !== row) copies.set(key, (copies.get(key) ?? 1) + 1);
    }
  }
  return { side: { system, table, index, view: new RowView(table), copies, lineFields: table.data.lines.columns.length > 0 }, orphans };
}

export function judge(model: ProjectModel, snapshot: Snapshot, rules: readonly Rule[], options: { asOf?: number | null } = {}): Judgement {
  const asOf = options.asOf ?? null;
  const findings: Finding[] = [];
  const checked: Partial<Record<ReconciledEntity, number>> = {};
  let inFlight = 0;
  let joinMs = 0;
  let judgeMs = 0;

  for (const entity of RECONCILED_ENTITIES) {
    const entityRules = rules.filter((rule) => rule.entity === entity);
    const holders = snapshot.systems.filter((system) => system.tables[entity] !== undefined);
    if (holders.length === 0) continue;
    const catalog = CATALOG[entity];
    const joinStarted = Date.now();
    const ownerId = ownerOf(model, entity);
    const ownerSystem = holders.find((system) => system.system === ownerId) ?? null;
    const ownerTable = ownerSystem?.tables[entity] ?? null;
    let names: Map<string, string> | null = null;
    const ownerNames = ownerTable === null ? null : (): Map<string, string> => {
      if (names !== null) return names;
      names = new Map();
      const column = ownerTable.column('name');
      if (column !== undefined) (column.values as (string | null)[]).forEach((name, row) => { const key = ownerTable.key(row); if (name !== null && key !== null) names?.set(name, key); });
      return names;
    };
    const sides: Side[] = [];
    const orphanRows: { side: Side; row: number }[] = [];
    for (const system of holders) {
      const table = system.tables[entity] as Table;
      const { side, orphans } = sideOf(system, table, system === ownerSystem ? null : ownerNames);
      sides.push(side);
      for (const row of orphans) orphanRows.push({ side, row });
    }
    const ownerSide = sides.find((side) => side.system === ownerSystem) ?? null;
    // The keys judged, as stored: the owner's, or everyone's where the owner is not read.
    let keys: Iterable<number | string>;
    if (ownerSide !== null) keys = (function* (): Generator<number | string> { for (const [key] of ownerSide.index.entries()) yield key; })();
    else {
      const all = new Set<string>();
      for (const side of sides) for (const [key] of side.index.entries()) all.add(String(key));
      keys = all;
    }
    if (ownerSide !== null && catalog.orphans) {
      for (const side of sides) {
        if (side === ownerSide) continue;
        for (const [key, row] of side.index.entries()) if (!ownerSide.index.has(key)) orphanRows.push({ side, row });
      }
    }
    joinMs += Date.now() - joinStarted;

    const judgeStarted = Date.now();
    let current: number | string = '';
    let linesOf: Record<string, unknown>[] | null = null;
    const joined: Record<string, unknown> = { ageHours: null, asOf: asOf === null ? null : new Date(asOf).toISOString(), reservations: 0 };
    Object.defineProperty(joined, 'key', { enumerable: true, get: () => String(current) });
    Object.defineProperty(joined, 'lines', { enumerable: true, get: () => (linesOf ??= mergedLines(sides, joined)) });
    const made = ownerSide?.table.column(catalog.madeAt);
    const madeTimes = made?.type === 'time' ? (made.values as Float64Array) : null;
    let count = 0;
    for (const key of keys) {
      current = key;
      count += 1;
      linesOf = null;
      let madeTime = Number.NaN;
      for (const side of sides) {
        const row = side.index.get(key);
        if (row === undefined) {
          joined[side.system.system] = null;
          continue;
        }
        const view = side.view.show(row);
        view['copies'] = side.copies.size === 0 ? 1 : (side.copies.get(String(key)) ?? 1);
        joined[side.system.system] = view;
        if (side === ownerSide && madeTimes !== null) madeTime = madeTimes[row] ?? Number.NaN;
      }
      joined['ageHours'] = asOf === null || Number.isNaN(madeTime) ? null : (asOf - madeTime) / HOUR;
      if (entity === 'InventoryLevel') joined['reservations'] = snapshot.reservations[String(key)] ?? 0;

      let broken: { rule: Rule; values: unknown[] | null }[] | null = null;
      for (const rule of entityRules) {
        if (rule.when !== null && !truthy(rule.when.evaluate(joined))) continue;
        let values: unknown[] | null = null;
        if (rule.expect !== null) {
          if (truthy(rule.expect.evaluate(joined))) continue;
        } else {
          values = rule.agree.map((entry) => entry.expression.evaluate(joined));
          if (agrees(values, rule.tolerance)) continue;
        }
        if (rule.withinHours > 0 && asOf !== null) {
          const since = rule.since === null ? madeTime : Date.parse(toText(rule.since.evaluate(joined)));
          if (!Number.isNaN(since) && asOf - since < rule.withinHours * HOUR) {
            inFlight += 1;
            continue;
          }
        }
        (broken ??= []).push({ rule, values });
      }
      if (broken !== null) findings.push(describe(entity, String(key), ownerId, sides, joined, broken));
    }
    for (const { side, row } of orphanRows) findings.push(orphan(entity, side, row, ownerId));
    checked[entity] = count + orphanRows.length;
    judgeMs += Date.now() - judgeStarted;
  }
  return { asOf: asOf === null ? null : new Date(asOf).toISOString(), checked, inFlight, findings, timings: { join: Math.round(joinMs), judge: Math.round(judgeMs) } };
}

/** Values agree when every known one is within `tolerance` of the others (numbers) or equal (anything else). */
function agrees(values: readonly unknown[], tolerance: number): boolean {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  let text: string | null = null;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'number') {
      if (value < low) low = value;
      if (value > high) high = value;
    } else {
      const shown = toText(value);
      if (text !== null && shown !== text) return false;
      text = shown;
    }
  }
  return high - low <= tolerance || high < low;
}

/** The record's lines merged by SKU: `{ sku, shopify: {…}, netsuite: {…}, … }`, a zero line where a system that holds the record lacks the SKU. */
function mergedLines(sides: readonly Side[], joined: Record<string, unknown>): Record<string, unknown>[] {
  const bySku = new Map<string, Record<string, unknown>>();
  const present = sides.filter((side) => side.lineFields && joined[side.system.system] !== null);
  for (const side of present) {
    const system = side.system.system;
    for (const line of side.view.lines()) {
      const sku = toText(line['sku']);
      let merged = bySku.get(sku);
      if (merged === undefined) bySku.set(sku, (merged = { sku }));
      const previous = merged[system] as Record<string, Scalar> | undefined;
      if (previous === undefined) merged[system] = line;
      // A SKU on two lines of one record counts once, summed.
      else for (const name in line) if (typeof line[name] === 'number') previous[name] = line[name] + Number(previous[name] ?? 0);
    }
  }
  for (const merged of bySku.values()) {
    for (const side of present) {
      if (merged[side.system.system] !== undefined) continue;
      const zero: Record<string, Scalar> = {};
      for (const name of side.table.lineFieldNames()) zero[name] = name === 'sku' ? (merged['sku'] as string) : 0;
      merged[side.system.system] = zero;
    }
  }
  return [...bySku.values()];
}

const reportKey = (entity: ReconciledEntity, key: string, owner: string | null): string => (CATALOG[entity].keyStyle === 'owner-prefixed' && owner !== null ? `${owner}:${key}` : key);

function describe(entity: ReconciledEntity, key: string, owner: string | null, sides: readonly Side[], joined: Record<string, unknown>, broken: readonly { rule: Rule; values: unknown[] | null }[]): Finding {
  const observed: Record<string, Record<string, unknown> | null> = {};
  const differing = new Set<string>();
  const systems = new Set(sides.map((side) => side.system.system));
  const lineFields = new Map<string, Set<string>>();
  const note = (path: string): void => {
    const [head = '', field] = path.split('.');
    if (!systems.has(head)) {
      if (head in joined && head !== 'lines') (observed['steward'] ??= {})[head] = joined[head];
      return;
    }
    const record = joined[head] as Record<string, unknown> | null;
    if (record === null) {
      observed[head] = null;
      return;
    }
    const shown = (observed[head] ??= { id: record['id'] });
    if (field === undefined || field === 'id') return;
    if (field in record) shown[field] = record[field];
    else (lineFields.get(head) ?? lineFields.set(head, new Set()).get(head))?.add(field);
  };
  // The owner's record is always shown: what the others are compared against.
  if (owner !== null && systems.has(owner)) {
    note(owner);
    const record = joined[owner] as Record<string, unknown> | null;
    if (record !== null) for (const field of ['name', CATALOG[entity].madeAt]) if (record[field] !== null && record[field] !== undefined) note(`${owner}.${field}`);
  }
  const ownerRecord = owner === null ? null : (joined[owner] as Record<string, unknown> | null);
  const rules = broken.map(({ rule, values }) => {
    for (const path of rule.paths) note(path);
    let message = rule.title;
    if (values !== null) {
      // The value most systems hold is the reference; those that differ from it are lit. A tie lights both.
      const known = values.map((value, index) => ({ index, text: value === null || value === undefined ? null : toText(value) })).filter((entry) => entry.text !== null);
      const counts = new Map<string, number>();
      for (const entry of known) counts.set(entry.text as string, (counts.get(entry.text as string) ?? 0) + 1);
      const most = Math.max(...counts.values());
      const references = [...counts].filter(([, count]) => count === most);
      const reference = references.length === 1 ? references[0]?.[0] : null;
      for (const entry of known) if (entry.text !== reference) for (const path of rule.agree[entry.index]?.paths ?? []) differing.add(path);
      const money = rule.agree.every((entry) => entry.paths.some((path) => MONEY_FIELDS.has(path.split('.')[1] ?? '')));
      const currency = toText(ownerRecord?.['currency'] ?? 'USD') || 'USD';
      const shown = (value: unknown): string => (value === null || value === undefined ? '—' : money && typeof value === 'number' ? fromMinorUnits(value, currency) : toText(value));
      message = `${rule.title}: ${rule.agree.map((entry, index) => `${entry.label} ${shown(values[index])}`).join(', ')}${money ? ` ${currency}` : ''}`;
    } else {
      const missing = rule.paths.map((path) => path.split('.')[0] ?? '').filter((system, index, all) => systems.has(system) && joined[system] === null && all.indexOf(system) === index);
      for (const path of rule.paths) differing.add(path);
      if (missing.length > 0) message = `${rule.title}: not in ${missing.join(', ')}`;
    }
    return { id: rule.id, title: rule.title, severity: rule.severity, message };
  });
  // Line fields a rule compared (shipped, fulfilled) are shown line by line.
  for (const [system, fields] of lineFields) {
    const shown = observed[system];
    const side = sides.find((entry) => entry.system.system === system);
    if (shown === null || shown === undefined || side === undefined) continue;
    shown['lines'] = side.view.lines().map((line) => Object.fromEntries(['sku', ...fields].map((name) => [name, line[name] ?? 0])));
  }
  const skus = [...new Set(((joined['lines'] as Record<string, unknown>[] | undefined) ?? []).map((line) => toText(line['sku'])))];
  return {
    entity,
    key: reportKey(entity, key, owner),
    businessKey: key,
    label: toText(ownerRecord?.['name'] ?? reportKey(entity, key, owner)),
    severity: rules.some((rule) => rule.severity === 'error') ? 'error' : 'warning',
    rules,
    observed: JSON.parse(JSON.stringify(observed)) as Finding['observed'],
    differing: [...differing],
    skus,
  };
}

function orphan(entity: ReconciledEntity, side: Side, row: number, owner: string | null): Finding {
  const system = side.system.system;
  const record = side.table.record(row);
  const title = `A ${entity} in ${system} with no original in ${owner ?? 'its owner'}`;
  return {
    entity,
    key: `${system}:${record.id}`,
    businessKey: null,
    label: toText(record.fields['name'] ?? `${system}:${record.id}`),
    severity: 'error',
    rules: [{ id: 'orphan', title, severity: 'error', message: `${title}${record.key === null ? ' (no cross-reference)' : ` (refers to ${record.key})`}` }],
    observed: { [system]: { id: record.id, ...record.fields }, ...(owner === null ? {} : { [owner]: null }) },
    differing: [system],
    skus: (record.lines ?? []).map((line) => toText(line['sku'])),
  };
}
