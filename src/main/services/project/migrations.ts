import type { Database } from 'better-sqlite3';

/**
 * Numbered schema migrations of a project file. Append only: a released
 * migration never changes, because files in the field already ran it.
 * Each runs inside the one transaction that also bumps `user_version`.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'project and flows',
    up(db) {
      db.exec(`
        CREATE TABLE project (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          name TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE flows (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          position INTEGER NOT NULL,
          document TEXT NOT NULL CHECK (json_valid(document)),
          node_count INTEGER NOT NULL DEFAULT 0,
          updated_at TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 2,
    name: 'project model (systems, entities, ownership)',
    up(db) {
      db.exec(`
        CREATE TABLE model (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          document TEXT NOT NULL CHECK (json_valid(document)),
          updated_at TEXT NOT NULL
        ) STRICT;
        INSERT INTO model (id, document, updated_at)
          VALUES (1, '{"systems":[],"integrations":[],"entities":[],"xrefs":[],"fieldNames":[],"ownership":[]}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
      `);
    },
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((latest, migration) => Math.max(latest, migration.version), 0);
