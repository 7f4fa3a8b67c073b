import Database from 'better-sqlite3';
import { ProblemError } from '../../../shared/problem';

/**
 * The journal's file: its mark, its tables and their versions, and opening
 * one safely — a new file is made whole in one transaction, an older one
 * gains the new tables, a stranger's database or a newer Steward's journal is
 * refused with the reason.
 */

/** Marks the file as a Steward journal ("STJR"), so a project or a stranger's database is never mistaken for one. */
const JOURNAL_APPLICATION_ID = 0x53544a52;

/** 2: the webhook inbox. 3: polling cursors. */
const SCHEMA_VERSION = 3;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  flows TEXT NOT NULL,
  environment TEXT NOT NULL,
  scenario TEXT,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  status TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS transactions (
  run_id TEXT NOT NULL REFERENCES runs(id),
  id TEXT NOT NULL,
  key TEXT NOT NULL,
  flow_id TEXT NOT NULL,
  state TEXT NOT NULL,
  failing_node TEXT,
  reason TEXT,
  input TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  PRIMARY KEY (run_id, id)
);
-- A step's input is NULL when it is the record journaled just before it in the transaction (the previous
-- step's output, or else the input that step had; for the first step, the transaction's input). A trigger
-- step's output is the transaction's input.
CREATE TABLE IF NOT EXISTS steps (
  run_id TEXT NOT NULL,
  transaction_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  node_id TEXT NOT NULL,
  status TEXT NOT NULL,
  input TEXT,
  output TEXT,
  exchanges TEXT,
  started_at TEXT NOT NULL,
  duration_ms REAL NOT NULL,
  PRIMARY KEY (run_id, transaction_id, seq)
);
CREATE TABLE IF NOT EXISTS effects (
  run_id TEXT NOT NULL,
  transaction_id TEXT NOT NULL,
  node_id TEXT NOT NULL,
  system TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  state TEXT NOT NULL,
  request TEXT NOT NULL,
  response TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (run_id, transaction_id, node_id)
);
CREATE INDEX IF NOT EXISTS effects_open ON effects (run_id, state);
CREATE TABLE IF NOT EXISTS inbox (
  run_id TEXT NOT NULL,
  system TEXT NOT NULL,
  event_id TEXT NOT NULL,
  topic TEXT NOT NULL,
  body TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (run_id, system, event_id)
);
CREATE TABLE IF NOT EXISTS cursors (
  flow_id TEXT NOT NULL,
  node_id TEXT NOT NULL,
  environment TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (flow_id, node_id, environment)
);
`;

export function openJournalFile(path: string, nativeBinding: string | undefined): Database.Database {
  const db = new Database(path, nativeBinding === undefined ? {} : { nativeBinding });
  try {
    const applicationId = Number(db.pragma('application_id', { simple: true }));
    const version = Number(db.pragma('user_version', { simple: true }));
    // New — or made by a process killed while making it: the mark, the tables and the
    // version are written in one transaction, so a journal is either whole or not there.
    // An older journal gains the new tables the same way (every statement of SCHEMA is IF NOT EXISTS).
    if ((version === 0 && applicationId === 0) || (applicationId === JOURNAL_APPLICATION_ID && version < SCHEMA_VERSION)) {
      db.transaction(() => {
        db.pragma(`application_id = ${JOURNAL_APPLICATION_ID}`);
        db.exec(SCHEMA);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      })();
    } else if (applicationId !== JOURNAL_APPLICATION_ID) {
      throw new ProblemError({ code: 'JOURNAL_FOREIGN', message: `${path} is not a Steward run journal.`, hint: 'Point the run at a new journal file.', location: { file: path } });
    } else if (version > SCHEMA_VERSION) {
      throw new ProblemError({ code: 'JOURNAL_TOO_NEW', message: `${path} was written by a newer Steward.`, hint: 'Update Steward, or start a new journal.', location: { file: path } });
    }
    db.pragma('journal_mode = WAL');
    // FULL: a committed batch survives power loss, not only a crash of this process.
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 2000');
  } catch (error: unknown) {
    db.close();
    throw error;
  }
  return db;
}
