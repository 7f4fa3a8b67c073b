import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { SystemRole } from '../../../shared/model/project-model';
import { ProblemError } from '../../../shared/problem';
import { RECONCILED_ENTITIES } from '../../../shared/reconcile/canonical';
import { Shapes } from '../../../shared/reconcile/shapes';
import type { Snapshot, SystemSnapshot } from '../../../shared/reconcile/snapshot';
import type { ColumnData, Labels as LabelData, TableData } from '../../../shared/reconcile/table';
import { Table } from '../../../shared/reconcile/table';

/**
 * The reconciler's cache: a snapshot on disk, column by column, so a million
 * orders load in a fraction of a second. Layout: a magic line, the header's
 * byte length (8 ASCII hex digits and a newline), the header (JSON), then the
 * blobs it points at — numbers as little-endian float64, text as JSON
 * arrays. Written to a temporary file and renamed, so a crash never leaves a
 * half-written cache where a good one was.
 */
const MAGIC = 'STEWARD-SNAPSHOT 1\n';

const Blob = z.object({ offset: z.number().int().nonnegative(), length: z.number().int().nonnegative() });
type Blob = z.infer<typeof Blob>;
/** Text is a JSON array, or — where values repeat (SKUs, statuses) — a dictionary and a code per row, which also shares one string per value in memory. */
const Text = z.union([z.object({ json: Blob }), z.object({ dictionary: Blob, codes: Blob })]);
type Text = z.infer<typeof Text>;
const Column = z.object({ name: z.string(), type: z.enum(['number', 'boolean', 'time', 'text']), numbers: Blob.optional(), text: Text.optional() });
/** Keys and ids: numbers where they are all integers, text otherwise. */
const Labels = z.union([z.object({ integers: Blob }), Text]);
const TableHeader = z.object({ rows: z.number().int().nonnegative(), keys: Labels, ids: Labels, columns: z.array(Column), lineStarts: Blob, lineColumns: z.array(Column) });
const Header = z.object({
  takenAt: z.string(),
  reservations: z.record(z.string(), z.number()),
  systems: z.array(z.object({ system: z.string(), vendor: z.string(), role: SystemRole, skipped: z.array(z.string()), shapes: Shapes.optional(), read: z.enum(['full', 'changes', 'unchanged']).optional(), tables: z.partialRecord(z.enum(RECONCILED_ENTITIES), TableHeader) })),
});

class BlobWriter {
  readonly chunks: Buffer[] = [];
  size = 0;
  add(bytes: Buffer): Blob {
    // Every blob starts on an 8-byte boundary, so numbers can be read straight into typed arrays.
    const padding = (8 - (this.size % 8)) % 8;
    if (padding > 0) this.chunks.push(Buffer.alloc(padding));
    this.size += padding;
    const blob = { offset: this.size, length: bytes.length };
    this.chunks.push(bytes);
    this.size += bytes.length;
    return blob;
  }
  numbers(values: Float64Array | Uint32Array): Blob {
    return this.add(Buffer.from(values.buffer, values.byteOffset, values.byteLength));
  }
  labels(values: LabelData): z.infer<typeof Labels> {
    return Array.isArray(values) ? this.text(values) : { integers: this.numbers(values) };
  }
  text(values: readonly (string | null)[]): Text {
    const codes = new Map<string | null, number>();
    for (const value of values) {
      if (!codes.has(value)) codes.set(value, codes.size);
      if (codes.size > values.length / 2) return { json: this.add(Buffer.from(JSON.stringify(values))) };
    }
    return { dictionary: this.add(Buffer.from(JSON.stringify([...codes.keys()]))), codes: this.numbers(Uint32Array.from(values, (value) => codes.get(value) ?? 0)) };
  }
}

function writeColumn(blobs: BlobWriter, column: ColumnData): z.infer<typeof Column> {
  return column.type === 'text' ? { name: column.name, type: column.type, text: blobs.text(column.values as (string | null)[]) } : { name: column.name, type: column.type, numbers: blobs.numbers(column.values as Float64Array) };
}

export function writeSnapshot(path: string, snapshot: Snapshot): void {
  const blobs = new BlobWriter();
  const systems = snapshot.systems.map((system) => ({
    system: system.system,
    vendor: system.vendor,
    role: system.role,
    skipped: [...system.skipped],
    ...(system.shapes === undefined ? {} : { shapes: system.shapes }),
    ...(system.read === undefined ? {} : { read: system.read }),
    tables: Object.fromEntries(
      Object.entries(system.tables).map(([entity, table]) => {
        const data = table.data;
        return [entity, { rows: table.size, keys: blobs.labels(data.keys), ids: blobs.labels(data.ids), columns: data.columns.map((column) => writeColumn(blobs, column)), lineStarts: blobs.numbers(data.lines.starts), lineColumns: data.lines.columns.map((column) => writeColumn(blobs, column)) }];
      }),
    ),
  }));
  const header = Buffer.from(JSON.stringify({ takenAt: snapshot.takenAt, reservations: snapshot.reservations, systems }));
  const temporary = `${path}.${process.pid}.tmp`;
  const file = openSync(temporary, 'w');
  try {
    writeSync(file, `${MAGIC}${header.length.toString(16).padStart(8, '0')}\n`);
    writeSync(file, header);
    for (const chunk of blobs.chunks) writeSync(file, chunk);
    fsyncSync(file);
  } finally {
    closeSync(file);
  }
  renameSync(temporary, path);
}

function unreadable(path: string, why: string): never {
  throw new ProblemError({ code: 'SNAPSHOT_UNREADABLE', message: `${path} is not a Steward snapshot this version can read: ${why}.`, location: { path } });
}

/** Reads a snapshot blob by blob, so the file is never in memory whole beside what it decodes to. */
export function readSnapshot(path: string): Snapshot {
  const file = openSync(path, 'r');
  try {
    const read = (at: number, length: number): Buffer => {
      const bytes = Buffer.allocUnsafe(length);
      if (readSync(file, bytes, 0, length, at) !== length) unreadable(path, 'it is cut short');
      return bytes;
    };
    const size = fstatSync(file).size;
    if (size < MAGIC.length + 9 || read(0, MAGIC.length).toString('latin1') !== MAGIC) unreadable(path, 'it does not start with the snapshot mark');
    const headerLength = Number.parseInt(read(MAGIC.length, 8).toString('latin1'), 16);
    const headerAt = MAGIC.length + 9;
    if (!Number.isInteger(headerLength) || headerAt + headerLength > size) unreadable(path, 'its header is cut short');
    let header: z.infer<typeof Header>;
    try {
      header = Header.parse(JSON.parse(read(headerAt, headerLength).toString('utf8')));
    } catch (error) {
      const issue = error instanceof z.ZodError ? error.issues[0] : undefined;
      unreadable(path, `its header does not parse (${issue === undefined ? (error instanceof Error ? error.message : String(error)) : `${issue.path.join('.')}: ${issue.message}`})`);
    }
    const base = headerAt + headerLength;
    const blob = (entry: Blob): Buffer => read(base + entry.offset, entry.length);
    const float64 = (entry: Blob): Float64Array => {
      const values = new Float64Array(entry.length / 8);
      if (readSync(file, values, 0, entry.length, base + entry.offset) !== entry.length) unreadable(path, 'it is cut short');
      return values;
    };
    const uint32 = (entry: Blob): Uint32Array => {
      const values = new Uint32Array(entry.length / 4);
      if (readSync(file, values, 0, entry.length, base + entry.offset) !== entry.length) unreadable(path, 'it is cut short');
      return values;
    };
    const text = (entry: Text): (string | null)[] => {
      if ('json' in entry) return JSON.parse(blob(entry.json).toString('utf8')) as (string | null)[];
      const dictionary = JSON.parse(blob(entry.dictionary).toString('utf8')) as (string | null)[];
      return Array.from(uint32(entry.codes), (code) => dictionary[code] ?? null);
    };
    const labels = (entry: z.infer<typeof Labels>): LabelData => ('integers' in entry ? float64(entry.integers) : text(entry));
    const column = (entry: z.infer<typeof Column>): ColumnData => ({ name: entry.name, type: entry.type, values: entry.text !== undefined ? text(entry.text) : float64(entry.numbers ?? { offset: 0, length: 0 }) });
    const systems: SystemSnapshot[] = header.systems.map((system) => ({
      system: system.system,
      vendor: system.vendor,
      role: system.role,
      skipped: system.skipped,
      ...(system.shapes === undefined ? {} : { shapes: system.shapes }),
      ...(system.read === undefined ? {} : { read: system.read }),
      tables: Object.fromEntries(
        Object.entries(system.tables).map(([entity, table]) => {
          const data: TableData = {
            keys: labels(table.keys),
            ids: labels(table.ids),
            columns: table.columns.map(column),
            lines: { starts: uint32(table.lineStarts), columns: table.lineColumns.map(column) },
          };
          if (data.keys.length !== table.rows || data.lines.starts.length !== table.rows + 1) unreadable(path, `its ${system.system} ${entity} table does not add up`);
          return [entity, new Table(data)];
        }),
      ),
    }));
    return { takenAt: header.takenAt, systems, reservations: header.reservations };
  } finally {
    closeSync(file);
  }
}
