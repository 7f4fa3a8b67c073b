/**
 * One system's records of one entity, column by column. A million orders in
 * four systems must fit the reconciler's memory budget (1 GiB) and load from
 * its cache in well under a second, which plain objects cannot do: numbers
 * live in Float64Arrays (NaN is "no value"), text in arrays, and each record's
 * lines in a child table addressed by offsets. Expressions read a record
 * through a reusable view (`RowView`), so evaluation allocates almost nothing.
 */
export type Scalar = string | number | boolean | null;
export type ColumnType = 'number' | 'boolean' | 'text';

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

/** A grown-as-needed column while a table is built. */
class ColumnBuilder {
  numbers: Float64Array;
  texts: (string | null)[] = [];
  constructor(
    readonly name: string,
    readonly type: ColumnType,
    rows: number,
  ) {
    this.numbers = new Float64Array(type === 'text' ? 0 : Math.max(16, rows * 2));
    if (type !== 'text') this.numbers.fill(Number.NaN);
    else this.texts = new Array<string | null>(rows).fill(null);
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
    this.numbers[row] = value === null ? Number.NaN : this.type === 'boolean' ? (value === true ? 1 : 0) : Number(value);
  }

  finish(rows: number): ColumnData {
    if (this.type === 'text') {
      while (this.texts.length < rows) this.texts.push(null);
      return { name: this.name, type: this.type, values: this.texts.slice(0, rows) };
    }
    return { name: this.name, type: this.type, values: this.numbers.slice(0, rows) };
  }
}

const typeOf = (value: Exclude<Scalar, null>): ColumnType => (typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text');

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
        column = new ColumnBuilder(name, typeOf(value), row + 1);
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
    return new Table({ keys: this.keys, ids: this.ids, columns: this.fields.finish(), lines: { starts, columns: this.lineFields.finish() } });
  }
}

export interface TableData {
  readonly keys: readonly (string | null)[];
  readonly ids: readonly string[];
  readonly columns: readonly ColumnData[];
  /** Record r's lines are rows starts[r] … starts[r + 1] − 1 of the line columns. */
  readonly lines: { readonly starts: Uint32Array; readonly columns: readonly ColumnData[] };
}

function cell(column: ColumnData, row: number): Scalar {
  if (column.type === 'text') return (column.values as (string | null)[])[row] ?? null;
  const value = (column.values as Float64Array)[row] ?? Number.NaN;
  if (Number.isNaN(value)) return null;
  return column.type === 'boolean' ? value === 1 : value;
}

export class Table {
  constructor(readonly data: TableData) {}

  static empty(): Table {
    return new TableBuilder().finish();
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
    return this.data.keys[row] ?? null;
  }

  id(row: number): string {
    return this.data.ids[row] ?? '';
  }

  fieldNames(): string[] {
    return this.data.columns.map((column) => column.name);
  }

  lineFieldNames(): string[] {
    return this.data.lines.columns.map((column) => column.name);
  }

  column(name: string): ColumnData | undefined {
    return this.data.columns.find((column) => column.name === name);
  }

  value(row: number, field: string): Scalar {
    const column = this.column(field);
    return column === undefined ? null : cell(column, row);
  }

  /** One record back as a plain object (for reports and the results pane; not the hot path). */
  record(row: number): CanonicalRecord {
    const fields: Record<string, Scalar> = {};
    for (const column of this.data.columns) {
      const value = cell(column, row);
      if (value !== null) fields[column.name] = value;
    }
    const lines: Record<string, Scalar>[] = [];
    const { starts, columns } = this.data.lines;
    for (let line = starts[row] ?? 0; line < (starts[row + 1] ?? 0); line += 1) {
      const entry: Record<string, Scalar> = {};
      for (const column of columns) {
        const value = cell(column, line);
        if (value !== null) entry[column.name] = value;
      }
      lines.push(entry);
    }
    return { key: this.key(row), id: this.id(row), fields, ...(lines.length === 0 ? {} : { lines }) };
  }

  /** Rows by business key; the first row wins, later ones are copies. */
  index(): Map<string, number> {
    const index = new Map<string, number>();
    const keys = this.data.keys;
    for (let row = 0; row < keys.length; row += 1) {
      const key = keys[row];
      if (key !== null && key !== undefined && !index.has(key)) index.set(key, row);
    }
    return index;
  }
}

/**
 * A reusable object that shows one row of a table at a time, with the
 * table's fields as own properties (what compiled expressions read) and
 * `lines` built only when something asks for them.
 */
export class RowView {
  private row = 0;
  readonly target: Record<string, unknown> = {};
  private readonly names: readonly string[];
  private readonly getters: readonly ((row: number) => Scalar)[];

  constructor(private readonly table: Table) {
    const columns = table.data.columns;
    this.names = columns.map((column) => column.name);
    this.getters = columns.map((column) => {
      if (column.type === 'text') {
        const values = column.values as (string | null)[];
        return (row: number) => values[row] ?? null;
      }
      const values = column.values as Float64Array;
      const boolean = column.type === 'boolean';
      return (row: number) => {
        const value = values[row] ?? Number.NaN;
        return Number.isNaN(value) ? null : boolean ? value === 1 : value;
      };
    });
    Object.defineProperty(this.target, 'lines', { enumerable: true, get: () => this.lines() });
  }

  show(row: number): Record<string, unknown> {
    this.row = row;
    const target = this.target;
    target['id'] = this.table.id(row);
    for (let index = 0; index < this.names.length; index += 1) target[this.names[index] as string] = (this.getters[index] as (row: number) => Scalar)(row);
    return target;
  }

  lines(): Record<string, Scalar>[] {
    const { starts, columns } = this.table.data.lines;
    const lines: Record<string, Scalar>[] = [];
    for (let line = starts[this.row] ?? 0; line < (starts[this.row + 1] ?? 0); line += 1) {
      const entry: Record<string, Scalar> = {};
      for (const column of columns) entry[column.name] = cell(column, line);
      lines.push(entry);
    }
    return lines;
  }
}
