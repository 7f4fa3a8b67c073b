import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256, useTempDir } from '../../../../test/temp';
import { ProblemError } from '../../../shared/problem';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations';
import { STEWARD_APPLICATION_ID, openProjectDatabase } from './project-file';
import { ProjectStore } from './project-store';

const tempDir = useTempDir();

function problemCode(action: () => unknown): string {
  try {
    action();
  } catch (error: unknown) {
    if (error instanceof ProblemError) return error.problem.code;
    throw error;
  }
  throw new Error('expected a ProblemError');
}

/** A closed project file on disk, as a user would have it. */
function projectFile(name = 'shop.steward'): string {
  const path = join(tempDir(), name);
  ProjectStore.create(path, 'Shop').close();
  return path;
}

describe('ProjectStore', () => {
  it('creates a project with one empty flow and reopens it with its edits', () => {
    const path = join(tempDir(), 'acme.steward');
    const store = ProjectStore.create(path, 'Acme audit');
    const [first] = store.snapshot().flows;
    expect(first).toMatchObject({ name: 'Main flow', nodeCount: 0 });
    const flow = store.getFlow(first?.id ?? '');
    store.saveFlow({ ...flow, nodes: [{ id: 'trigger-1', kind: 'trigger', label: 'Orders', position: { x: 10, y: 20 }, config: {} }] });
    store.close();

    const reopened = ProjectStore.open(path);
    expect(reopened.snapshot()).toMatchObject({ name: 'Acme audit', schemaVersion: MIGRATIONS.length, flows: [{ nodeCount: 1 }] });
    expect(reopened.getFlow(flow.id).nodes[0]).toMatchObject({ id: 'trigger-1', label: 'Orders', position: { x: 10, y: 20 } });
    reopened.close();
  });

  it('opens files in WAL mode with foreign keys on, tagged as Steward projects', () => {
    const path = projectFile();
    const db = openProjectDatabase(path, { migrations: MIGRATIONS });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('application_id', { simple: true })).toBe(STEWARD_APPLICATION_ID);
    db.close();
  });

  it('leaves no partial file behind and refuses to overwrite an existing path', () => {
    const path = projectFile();
    const before = sha256(path);
    expect(problemCode(() => ProjectStore.create(path, 'Again'))).toBe('PROJECT_EXISTS');
    expect(sha256(path)).toBe(before);
    expect(readdirSync(join(path, '..')).filter((name) => name.includes('partial'))).toEqual([]);
  });

  it('saves as an independent copy and continues in it', () => {
    const path = projectFile();
    const store = ProjectStore.open(path);
    const copy = join(tempDir(), 'copy.steward');
    store.copyTo(copy);
    store.close();
    const copied = ProjectStore.open(copy);
    const flow = copied.getFlow(copied.snapshot().flows[0]?.id ?? '');
    copied.saveFlow({ ...flow, name: 'Renamed in the copy' });
    copied.close();
    const original = ProjectStore.open(path);
    expect(original.snapshot().flows[0]?.name).toBe('Main flow');
    original.close();
  });

  it('reports a missing flow as a problem, not a crash', () => {
    const store = ProjectStore.open(projectFile());
    expect(problemCode(() => store.getFlow('nope'))).toBe('FLOW_NOT_FOUND');
    store.close();
  });
});

describe('opening files that are not good projects', () => {
  const cases: [string, (path: string) => void, string][] = [
    ['a text file', (path) => writeFileSync(path, 'hello, this is not a database'), 'PROJECT_NOT_SQLITE'],
    ['an empty file', (path) => writeFileSync(path, ''), 'PROJECT_NOT_SQLITE'],
    [
      'a SQLite database of another app',
      (path) => {
        const db = new Database(path);
        db.exec('CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (1)');
        db.close();
      },
      'PROJECT_FOREIGN',
    ],
    [
      'a project from a newer Steward',
      (path) => {
        ProjectStore.create(path, 'Future').close();
        const db = new Database(path);
        db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
        db.close();
      },
      'PROJECT_TOO_NEW',
    ],
    [
      'a project whose pages were overwritten',
      (path) => {
        ProjectStore.create(path, 'Damaged').close();
        const db = new Database(path);
        db.exec(`CREATE TABLE filler (body TEXT);
          WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) INSERT INTO filler SELECT hex(randomblob(2000)) FROM n`);
        db.pragma('journal_mode = DELETE');
        db.close();
        const bytes = readFileSync(path);
        // Scribble over the b-tree pages after the first, keeping the header valid.
        bytes.fill(0x5a, 4096 * 2, 4096 * 6);
        writeFileSync(path, bytes);
      },
      'PROJECT_CORRUPT',
    ],
  ];

  it.each(cases)('refuses %s with a clear error and leaves it untouched', (_label, make, code) => {
    const path = join(tempDir(), 'input.steward');
    make(path);
    const before = sha256(path);
    expect(problemCode(() => ProjectStore.open(path))).toBe(code);
    expect(sha256(path)).toBe(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('says where a missing project was looked for', () => {
    const path = join(tempDir(), 'missing.steward');
    try {
      ProjectStore.open(path);
      expect.unreachable();
    } catch (error: unknown) {
      expect(error).toBeInstanceOf(ProblemError);
      expect((error as ProblemError).problem).toMatchObject({ code: 'PROJECT_NOT_FOUND', location: { file: path } });
    }
  });

  it('reports a flow whose stored JSON breaks the schema as damage', () => {
    const path = projectFile();
    const db = new Database(path);
    const { id } = db.prepare('SELECT id FROM flows').get() as { id: string };
    db.prepare("UPDATE flows SET document = json_object('id', 'x', 'nodes', 3)").run();
    db.close();
    const store = ProjectStore.open(path);
    expect(problemCode(() => store.getFlow(id))).toBe('PROJECT_CORRUPT');
    store.close();
  });
});

describe('migrations', () => {
  it('a failing migration rolls back and leaves the file byte for byte as it was', () => {
    const path = projectFile();
    const pristine = join(tempDir(), 'pristine.steward');
    copyFileSync(path, pristine);
    const before = sha256(path);
    const failing: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'adds a table, then fails',
      up(db) {
        db.exec('CREATE TABLE half_done (id INTEGER)');
        db.exec('INSERT INTO no_such_table VALUES (1)');
      },
    };
    const code = problemCode(() => openProjectDatabase(path, { migrations: [...MIGRATIONS, failing] }));
    expect(code).toBe('PROJECT_MIGRATION_FAILED');
    expect(sha256(path)).toBe(before);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    db.close();
  });

  it('applies pending migrations in order inside one transaction', () => {
    const path = projectFile();
    const added: Migration[] = [
      { version: MIGRATIONS.length + 2, name: 'second', up: (db) => db.exec('ALTER TABLE extra ADD COLUMN label TEXT') },
      { version: MIGRATIONS.length + 1, name: 'first', up: (db) => db.exec('CREATE TABLE extra (id INTEGER)') },
    ];
    const db = openProjectDatabase(path, { migrations: [...MIGRATIONS, ...added] });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 2);
    expect(db.prepare('SELECT label FROM extra').all()).toEqual([]);
    db.close();
  });
});

describe('flows', () => {
  it('duplicates a flow under a new id and refuses to delete the last one', () => {
    const store = ProjectStore.open(projectFile());
    const [first] = store.snapshot().flows;
    const copy = store.duplicateFlow(first?.id ?? '', 'Copy');
    expect(copy.id).not.toBe(first?.id);
    expect(store.snapshot().flows.map((flow) => flow.name)).toEqual(['Main flow', 'Copy']);
    store.deleteFlow(copy.id);
    expect(problemCode(() => store.deleteFlow(first?.id ?? ''))).toBe('FLOW_LAST');
    store.close();
  });
});
