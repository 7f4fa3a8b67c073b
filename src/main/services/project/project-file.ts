import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import type { Problem } from '../../../shared/problem';
import { ProblemError } from '../../../shared/problem';
import type { Migration } from './migrations';

/**
 * Opening a project file safely: a file that is not ours, is damaged, or was
 * written by a newer Steward is refused before anything writes to it, and a
 * migration that fails rolls back, leaving the file byte for byte as it was.
 */

/** `PRAGMA application_id` of every Steward project: "STWD". */
export const STEWARD_APPLICATION_ID = 0x53545744;

const SQLITE_HEADER = 'SQLite format 3\u0000';

export interface OpenOptions {
  readonly migrations: readonly Migration[];
  /** better-sqlite3 compiled for Electron's ABI, when running inside Electron. */
  readonly nativeBinding?: string | undefined;
}

function refuse(code: string, path: string, message: string, hint?: string): never {
  const problem: Problem = { code, message, location: { file: path }, ...(hint === undefined ? {} : { hint }) };
  throw new ProblemError(problem);
}

function latestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((latest, migration) => Math.max(latest, migration.version), 0);
}

function readHeader(path: string): string {
  const descriptor = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(SQLITE_HEADER.length);
    const read = readSync(descriptor, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).toString('latin1');
  } finally {
    closeSync(descriptor);
  }
}

interface Inspection {
  readonly schemaVersion: number;
}

/** Read-only checks; nothing here can modify the file. */
export function inspectProjectFile(path: string, options: OpenOptions): Inspection {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return refuse('PROJECT_NOT_FOUND', path, `There is no project at ${path}.`, 'Check the path, or create a new project.');
  }
  if (!stats.isFile()) refuse('PROJECT_NOT_A_FILE', path, `${path} is a folder, not a project file.`);
  if (readHeader(path) !== SQLITE_HEADER) {
    refuse('PROJECT_NOT_SQLITE', path, `${path} is not a Steward project: it is not a SQLite database.`, 'Steward projects are .steward files created by Steward.');
  }
  // A read-only connection to a WAL file creates -wal and -shm beside it and
  // cannot delete them; if they were not there before, they go again after.
  const sidecars = [`${path}-wal`, `${path}-shm`].filter((file) => !existsSync(file));
  let db;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, ...binding(options) });
  } catch (error: unknown) {
    return refuse('PROJECT_UNREADABLE', path, `Cannot read ${path}: ${describe(error)}.`);
  }
  try {
    const applicationId = pragmaNumber(db, 'application_id');
    const schemaVersion = pragmaNumber(db, 'user_version');
    if (applicationId !== STEWARD_APPLICATION_ID) {
      refuse('PROJECT_FOREIGN', path, `${path} is a SQLite database, but not a Steward project.`, 'It was left untouched.');
    }
    const latest = latestVersion(options.migrations);
    if (schemaVersion > latest) {
      refuse(
        'PROJECT_TOO_NEW',
        path,
        `${path} was saved by a newer Steward (project schema ${schemaVersion}; this version reads up to ${latest}).`,
        'Update Steward to open it. The file was left untouched.',
      );
    }
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') refuse('PROJECT_CORRUPT', path, `${path} is damaged: ${String(check)}.`, 'It was left untouched; restore it from a backup.');
    return { schemaVersion };
  } catch (error: unknown) {
    if (error instanceof ProblemError) throw error;
    return refuse('PROJECT_CORRUPT', path, `${path} is damaged: ${describe(error)}.`, 'It was left untouched; restore it from a backup.');
  } finally {
    db.close();
    removeEmptySidecars(sidecars);
  }
}

function removeEmptySidecars(created: readonly string[]): void {
  const wal = created.find((file) => file.endsWith('-wal'));
  if (wal !== undefined && existsSync(wal) && statSync(wal).size > 0) return;
  for (const file of created) rmSync(file, { force: true });
}

function binding(options: OpenOptions): { nativeBinding?: string } {
  return options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding };
}

/** Opens a checked project read-write, migrating it to the latest schema. */
export function openProjectDatabase(path: string, options: OpenOptions): Database.Database {
  const { schemaVersion } = inspectProjectFile(path, options);
  return initialise(new Database(path, { fileMustExist: true, ...binding(options) }), path, schemaVersion, options);
}

/** Creates an empty, migrated project database at `path`. */
export function createProjectDatabase(path: string, options: OpenOptions): Database.Database {
  const db = new Database(path, binding(options));
  db.pragma(`application_id = ${STEWARD_APPLICATION_ID}`);
  return initialise(db, path, 0, options);
}

/** Connection settings, then migrations; closes the connection if either fails. */
function initialise(db: Database.Database, path: string, schemaVersion: number, options: OpenOptions): Database.Database {
  try {
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 2000');
    migrate(db, path, schemaVersion, options.migrations);
    // WAL is switched on after migrating so that a failed migration leaves a
    // rollback-journal file exactly as it was.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    return db;
  } catch (error: unknown) {
    db.close();
    throw error;
  }
}

function migrate(db: Database.Database, path: string, from: number, migrations: readonly Migration[]): void {
  const pending = [...migrations].filter((migration) => migration.version > from).sort((a, b) => a.version - b.version);
  if (pending.length === 0) return;
  let current: Migration | undefined;
  try {
    db.transaction(() => {
      for (const migration of pending) {
        current = migration;
        migration.up(db);
        db.pragma(`user_version = ${migration.version}`);
      }
    })();
  } catch (error: unknown) {
    const step = current === undefined ? '' : ` ${current.version} (${current.name})`;
    refuse('PROJECT_MIGRATION_FAILED', path, `Upgrading ${path} failed at migration${step}: ${describe(error)}.`, 'The file was left as it was.');
  }
}

function pragmaNumber(db: Database.Database, name: string): number {
  const value: unknown = db.pragma(name, { simple: true });
  return typeof value === 'number' ? value : Number.NaN;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.replace(/\.$/, '') : String(error);
}
