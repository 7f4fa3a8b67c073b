/**
 * One system's records of one entity, column by column. A million orders in
 * four systems must fit the reconciler's memory budget (1 GiB) and load from
 * its cache in a few seconds, which plain objects cannot do: numbers and
 * times live in Float64Arrays (NaN is "no value"; times are epoch
 * milliseconds), keys and ids that are all integers are stored as numbers,
 * other text in arrays, and each record's lines in a child table addressed
 * by offsets. Expressions read a record through a reusable view whose fields
 * are getters (`RowView`): only what a rule reads is ever decoded.
 */
export type Scalar = string | number | boolean | null;
export type ColumnType = 'number' | 'boolean' | 'time' | 'text';

/** Canonical fields that hold a moment: stored as numbers, shown as UTC ISO-8601 text. */
export const TIME_FIELDS: ReadonlySet<string> = new Set(['placedAt', 'updatedAt', 'createdAt', 'shippedAt', 'arrivalDate']);

/** A record as readers produce it: canonical field names, money in minor units, time as UTC ISO-8601. */
export interface CanonicalRecord {
  /** The business key (domain.md §6), or null for a record with no cross-reference. */
  readonly key: string | null;
  /** The record's id in its own system. */
  readonly id: string;
  readonly fields: Readonly<Record<string, Scalar>>;
  readonly lines?: readonly Readonly<Record<string, Scalar>>[];
}

export interface ColumnData {
  readonly name: string;
  readonly type: ColumnType;
  readonly values: Float64Array | (string | null)[];
}

/** Keys or ids: integers as numbers (NaN for none), anything else as text. */
export type Labels = Float64Array | (string | null)[];

const INTEGER = /^(0|[1-9][0-9]{0,14})$/;

/** Integer-looking text as numbers where every value allows it: a fifth of the memory, and a Map of numbers to join on. */
export function packLabels(values: readonly (string | null)[]): Labels {
  for (const value of values) if (value !== null && !INTEGER.test(value)) return [...values];
  return Float64Array.from(values, (value) => (value === null ? Number.NaN : Number(value)));
}

export function labelAt(labels: Labels, row: number): string | null {
  if (Array.isArray(labels)) return labels[row] ?? null;
  const value = (labels)[row] ?? Number.NaN;
  return Number.isNaN(value) ? null : String(value);
}

class ColumnBuilder {
  numbers: Float64Array;
  texts: (string | null)[] = [];
  constructor(
    readonly name: string,
    readonly type: ColumnType,
    rows: number,
  ) {
    this.numbers = new Float64Array(type === 'text' ? 0 : Math.max(16, rows * 2)).fill(Number.NaN);
    if (type === 'text') this.texts = new Array<string | null>(rows).fill(null);
  }

  set(row: number, value: Scalar): void {
    if (this.type === 'text') {
      while (this.texts.length < row) this.texts.push(null);
      this.texts[row] = value === null ? null : String(value);
      return;
    }
    if (row >= this.numbers.length) {
      const grown = new Float64Array(Math.max(this.numbers.length * 2, row + 16)).fill(Number.NaN);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.numbers[row] = value === null ? Number.NaN : this.type === 'boolean' ? (value === true ? 1 : 0) : this.type === 'time' ? Date.parse(String(value)) : Number(value);
  }

  finish(rows: number): ColumnData {
    if (this.type === 'text') {
      while (this.texts.length < rows) this.texts.push(null);
      return { name: this.name, type: this.type, values: this.texts.slice(0, rows) };
    }
    return { name: this.name, type: this.type, values: this.numbers.slice(0, rows) };
  }
}

const typeOf = (name: string, value: Exclude<Scalar, null>): ColumnType => (TIME_FIELDS.has(name) ? 'time' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text');

class ColumnsBuilder {
  private readonly columns = new Map<string, ColumnBuilder>();
  rows = 0;

  add(fields: Readonly<Record<string, Scalar>>): number {
    const row = this.rows;
    this.rows += 1;
    for (const name in fields) {
      const value = fields[name] ?? null;
      let column = this.columns.get(name);
      if (column === undefined) {
        if (value === null) continue;
        column = new ColumnBuilder(name, typeOf(name, value), row + 1);
        this.columns.set(name, column);
      }
      column.set(row, value);
    }
    return row;
  }

  finish(): ColumnData[] {
    return [...this.columns.values()].map((column) => column.finish(this.rows));
  }
}

export class TableBuilder {
  private readonly keys: (string | null)[] = [];
  private readonly ids: string[] = [];
  private readonly fields = new ColumnsBuilder();
  private readonly lineFields = new ColumnsBuilder();
  private readonly lineStarts: number[] = [];

  add(record: CanonicalRecord): void {
    this.keys.push(record.key);
    this.ids.push(record.id);
    this.fields.add(record.fields);
    this.lineStarts.push(this.lineFields.rows);
    for (const line of record.lines ?? []) this.lineFields.add(line);
  }

  get size(): number {
    return this.keys.length;
  }

  finish(): Table {
    const starts = new Uint32Array(this.keys.length + 1);
    starts.set(this.lineStarts);
    starts[this.keys.length] = this.lineFields.rows;
    return new Table({ keys: packLabels(this.keys), ids: packLabels(this.ids), columns: this.fields.finish(), lines: { starts, columns: this.lineFields.finish() } });
  }
}

export interface TableData {
  readonly keys: Labels;
  readonly ids: Labels;
  readonly columns: readonly ColumnData[];
  /** Record r's lines are rows starts[r] … starts[r + 1] − 1 of the line columns. */
  readonly lines: { readonly starts: Uint32Array; readonly columns: readonly ColumnData[] };
}

/** One cell as expressions see it: times as ISO text, booleans as booleans, no value as null. */
function reader(column: ColumnData): (row: number) => Scalar {
  if (column.type === 'text') {
    const values = column.values as (string | null)[];
    return (row) => values[row] ?? null;
  }
  const values = column.values as Float64Array;
  if (column.type === 'boolean') return (row) => { const value = values[row] ?? Number.NaN; return Number.isNaN(value) ? null : value === 1; };
  if (column.type === 'time') return (row) => { const value = values[row] ?? Number.NaN; return Number.isNaN(value) ? null : new Date(value).toISOString(); };
  return (row) => { const value = values[row] ?? Number.NaN; return Number.isNaN(value) ? null : value; };
}

/**
 * Rows by business key; the first row wins, later ones are copies. Integer
 * keys (orders' numeric ids) are held as two sorted typed arrays searched by
 * bisection — a tenth of the memory of a Map of a million entries, and no
 * sort at all when a system lists its records in key order, as they do —
 * and text keys in a Map. `get` takes either form.
 */
export class KeyIndex {
  private constructor(
    private readonly map: Map<string, number> | null,
    private readonly sortedKeys: Float64Array,
    private readonly sortedRows: Uint32Array,
  ) {}

  static of(labels: Labels): KeyIndex {
    if (Array.isArray(labels)) {
      const map = new Map<string, number>();
      labels.forEach((key, row) => {
        if (key !== null && !map.has(key)) map.set(key, row);
      });
      return new KeyIndex(map, new Float64Array(0), new Uint32Array(0));
    }
    const keys = labels;
    let order = Uint32Array.from({ length: keys.length }, (_, row) => row).filter((row) => !Number.isNaN(keys[row]));
    let sorted = true;
    for (let index = 1; index < order.length && sorted; index += 1) sorted = (keys[order[index - 1] ?? 0] ?? 0) <= (keys[order[index] ?? 0] ?? 0);
    // A stable sort keeps the first row of a repeated key first.
    if (!sorted) order = order.sort((a, b) => (keys[a] ?? 0) - (keys[b] ?? 0) || a - b);
    const sortedKeys = new Float64Array(order.length);
    const sortedRows = new Uint32Array(order.length);
    let size = 0;
    for (const row of order) {
      const key = keys[row] ?? 0;
      if (size > 0 && sortedKeys[size - 1] === key) continue;
      sortedKeys[size] = key;
      sortedRows[size] = row;
      size += 1;
    }
    return new KeyIndex(null, sortedKeys.subarray(0, size), sortedRows.subarray(0, size));
  }

  get size(): number {
    return this.map?.size ?? this.sortedKeys.length;
  }

  get(key: number | string): number | undefined {
    if (this.map !== null) return this.map.get(typeof key === 'string' ? key : String(key));
    const wanted = typeof key === 'number' ? key : INTEGER.test(key) ? Number(key) : Number.NaN;
    if (Number.isNaN(wanted)) return undefined;
    let low = 0;
    let high = this.sortedKeys.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = this.sortedKeys[middle] ?? 0;
      if (found === wanted) return this.sortedRows[middle];
      if (found < wanted) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  has(key: number | string): boolean {
    return this.get(key) !== undefined;
  }

  /** Each key (as stored) with its first row. */
  *entries(): Generator<[number | string, number]> {
    if (this.map !== null) {
      yield* this.map.entries();
      return;
    }
    for (let index = 0; index < this.sortedKeys.length; index += 1) yield [this.sortedKeys[index] ?? 0, this.sortedRows[index] ?? 0];
  }
}

export class Table {
  private indexed: KeyIndex | null = null;
  /** A reader per field column and per line column, made once. */
  readonly readers: readonly (readonly [string, (row: number) => Scalar])[];
  private readonly lineReaders: readonly (readonly [string, (row: number) => Scalar])[];

  constructor(readonly data: TableData) {
    this.readers = data.columns.map((column) => [column.name, reader(column)] as const);
    this.lineReaders = data.lines.columns.map((column) => [column.name, reader(column)] as const);
  }

  static of(records: readonly CanonicalRecord[]): Table {
    const builder = new TableBuilder();
    for (const record of records) builder.add(record);
    return builder.finish();
  }

  get size(): number {
    return this.data.keys.length;
  }

  key(row: number): string | null {
    return labelAt(this.data.keys, row);
  }

  id(row: number): string {
    return labelAt(this.data.ids, row) ?? '';
  }

  lineFieldNames(): string[] {
    return this.data.lines.columns.map((column) => column.name);
  }

  column(name: string): ColumnData | undefined {
    return this.data.columns.find((column) => column.name === name);
  }

  value(row: number, field: string): Scalar {
    return this.readers.find(([name]) => name === field)?.[1](row) ?? null;
  }

  /** A record's lines, every line field with its value (null where it has none). */
  lines(row: number): Record<string, Scalar>[] {
    const starts = this.data.lines.starts;
    const lines: Record<string, Scalar>[] = [];
    for (let line = starts[row] ?? 0; line < (starts[row + 1] ?? 0); line += 1) {
      const entry: Record<string, Scalar> = {};
      for (const [name, read] of this.lineReaders) entry[name] = read(line);
      lines.push(entry);
    }
    return lines;
  }

  /** One record back as a plain object (for reports and the results pane; not the hot path). */
  record(row: number): CanonicalRecord {
    const fields: Record<string, Scalar> = {};
    for (const [name, read] of this.readers) {
      const value = read(row);
      if (value !== null) fields[name] = value;
    }
    const lines = this.lines(row);
    return { key: this.key(row), id: this.id(row), fields, ...(lines.length === 0 ? {} : { lines }) };
  }

  index(): KeyIndex {
    return (this.indexed ??= KeyIndex.of(this.data.keys));
  }
}

/**
 * A reusable object that shows one row of a table at a time. Its fields are
 * getters, so a rule that reads two fields decodes two; `lines` are built
 * only when something asks for them.
 */
export class RowView {
  private row = 0;
  readonly target: Record<string, unknown> = {};

  constructor(private readonly table: Table) {
    const define = (name: string, get: () => unknown): void => {
      Object.defineProperty(this.target, name, { enumerable: true, configurable: true, get });
    };
    define('id', () => table.id(this.row));
    for (const [name, read] of table.readers) define(name, () => read(this.row));
    define('lines', () => this.lines());
  }

  show(row: number): Record<string, unknown> {
    this.row = row;
    return this.target;
  }

  lines(): Record<string, Scalar>[] {
    return this.table.lines(this.row);
  }
}
