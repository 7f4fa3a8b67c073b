import type Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { FlowDocument, emptyFlow } from '../../../shared/model/flow';
import type { FlowSummary } from '../../../shared/model/flow';
import type { ProjectSnapshot } from '../../../shared/model/project';
import { ProjectModel } from '../../../shared/model/project-model';
import { ProblemError } from '../../../shared/problem';
import { MIGRATIONS } from './migrations';
import type { OpenOptions } from './project-file';
import { createProjectDatabase, openProjectDatabase } from './project-file';

/**
 * One open project file. SQL stays in here, as named statements; callers use
 * domain operations (style.md §11). JSON read back from the file is parsed
 * with its schema, because the file is a trust boundary too.
 */
export class ProjectStore {
  private readonly statements;

  private constructor(
    readonly path: string,
    private readonly db: Database.Database,
  ) {
    this.statements = {
      project: db.prepare<[], { name: string; created_at: string }>('SELECT name, created_at FROM project WHERE id = 1'),
      // The summary reads a stored count so that opening a project never parses every flow.
      flowSummaries: db.prepare<[], { id: string; name: string; node_count: number; updated_at: string }>(
        'SELECT id, name, node_count, updated_at FROM flows ORDER BY position, id',
      ),
      flowDocument: db.prepare<[string], { document: string }>('SELECT document FROM flows WHERE id = ?'),
      insertFlow: db.prepare(
        'INSERT INTO flows (id, name, position, document, node_count, updated_at) VALUES (@id, @name, (SELECT COALESCE(MAX(position), -1) + 1 FROM flows), @document, 0, @updatedAt)',
      ),
      updateFlow: db.prepare('UPDATE flows SET name = @name, document = @document, node_count = @nodeCount, updated_at = @updatedAt WHERE id = @id'),
      touchProject: db.prepare('UPDATE project SET updated_at = ? WHERE id = 1'),
      model: db.prepare<[], { document: string }>('SELECT document FROM model WHERE id = 1'),
      saveModel: db.prepare('UPDATE model SET document = ?, updated_at = ? WHERE id = 1'),
      allFlows: db.prepare<[], { id: string; document: string }>('SELECT id, document FROM flows ORDER BY position, id'),
      deleteFlow: db.prepare('DELETE FROM flows WHERE id = ?'),
      flowCount: db.prepare<[], { count: number }>('SELECT COUNT(*) AS count FROM flows'),
    };
  }

  static open(path: string, options: Omit<OpenOptions, 'migrations'> = {}): ProjectStore {
    return new ProjectStore(path, openProjectDatabase(path, { ...options, migrations: MIGRATIONS }));
  }

  /**
   * Creates a project with one empty flow. It is built under a temporary name
   * and renamed into place, so a crash never leaves a half-made project.
   */
  static create(path: string, name: string, options: Omit<OpenOptions, 'migrations'> & { model?: ProjectModel; flows?: readonly FlowDocument[] } = {}): ProjectStore {
    if (existsSync(path)) {
      throw new ProblemError({ code: 'PROJECT_EXISTS', message: `${path} already exists.`, hint: 'Choose another name, or open it.', location: { file: path } });
    }
    const partial = `${path}.${randomUUID()}.partial`;
    try {
      const db = createProjectDatabase(partial, { ...options, migrations: MIGRATIONS });
      const now = new Date().toISOString();
      db.prepare('INSERT INTO project (id, name, created_at, updated_at) VALUES (1, ?, ?, ?)').run(name, now, now);
      const flows = options.flows !== undefined && options.flows.length > 0 ? options.flows : [emptyFlow(randomUUID(), 'Main flow')];
      const insert = db.prepare('INSERT INTO flows (id, name, position, document, node_count, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
      flows.forEach((flow, position) => insert.run(flow.id, flow.name, position, JSON.stringify(FlowDocument.parse(flow)), flow.nodes.length, now));
      if (options.model !== undefined) db.prepare('UPDATE model SET document = ? WHERE id = 1').run(JSON.stringify(options.model));
      // Fold the WAL into the file before it moves: the WAL is named after the file.
      db.pragma('journal_mode = DELETE');
      db.close();
      renameSync(partial, path);
    } finally {
      rmSync(partial, { force: true });
      rmSync(`${partial}-journal`, { force: true });
    }
    return ProjectStore.open(path, options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding });
  }

  snapshot(): ProjectSnapshot {
    const project = this.statements.project.get();
    if (project === undefined) throw this.damaged('it has no project record');
    const flows: FlowSummary[] = this.statements.flowSummaries.all().map((row) => ({
      id: row.id,
      name: row.name,
      nodeCount: row.node_count,
      updatedAt: row.updated_at,
    }));
    return {
      path: this.path,
      name: project.name,
      schemaVersion: Number(this.db.pragma('user_version', { simple: true })),
      createdAt: project.created_at,
      flows,
    };
  }

  getFlow(flowId: string): FlowDocument {
    const row = this.statements.flowDocument.get(flowId);
    if (row === undefined) {
      throw new ProblemError({ code: 'FLOW_NOT_FOUND', message: `This project has no flow "${flowId}".`, location: { file: this.path } });
    }
    return this.parseFlow(row.document, flowId);
  }

  createFlow(name: string): FlowDocument {
    const flow = emptyFlow(randomUUID(), name);
    const updatedAt = new Date().toISOString();
    this.db.transaction(() => {
      this.statements.insertFlow.run({ id: flow.id, name, document: JSON.stringify(flow), updatedAt });
      this.statements.touchProject.run(updatedAt);
    })();
    return flow;
  }

  saveFlow(document: FlowDocument): FlowSummary {
    const updatedAt = new Date().toISOString();
    const changed = this.db.transaction(() => {
      const result = this.statements.updateFlow.run({
        id: document.id,
        name: document.name,
        document: JSON.stringify(document),
        nodeCount: document.nodes.length,
        updatedAt,
      });
      this.statements.touchProject.run(updatedAt);
      return result.changes;
    })();
    if (changed === 0) {
      throw new ProblemError({ code: 'FLOW_NOT_FOUND', message: `This project has no flow "${document.id}" to save.`, location: { file: this.path } });
    }
    return { id: document.id, name: document.name, nodeCount: document.nodes.length, updatedAt };
  }

  getModel(): ProjectModel {
    const row = this.statements.model.get();
    if (row === undefined) throw this.damaged('it has no project model');
    let json: unknown;
    try {
      json = JSON.parse(row.document);
    } catch {
      throw this.damaged('its project model is not valid JSON');
    }
    const parsed = ProjectModel.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw this.damaged(`its project model does not match the schema (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`);
    }
    return parsed.data;
  }

  saveModel(model: ProjectModel): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.statements.saveModel.run(JSON.stringify(model), now);
      this.statements.touchProject.run(now);
    })();
  }

  /** A copy of a flow under a new id and name, placed last. */
  duplicateFlow(flowId: string, name: string): FlowDocument {
    const source = this.getFlow(flowId);
    const copy = { ...source, id: randomUUID(), name };
    const updatedAt = new Date().toISOString();
    this.db.transaction(() => {
      this.statements.insertFlow.run({ id: copy.id, name, document: JSON.stringify(copy), updatedAt });
      this.saveFlow(copy);
    })();
    return copy;
  }

  /** Deletes a flow; the last one stays, because a project always has one to draw in. */
  deleteFlow(flowId: string): void {
    if ((this.statements.flowCount.get()?.count ?? 0) <= 1) {
      throw new ProblemError({ code: 'FLOW_LAST', message: 'A project keeps at least one flow.', hint: 'Create another flow first, or clear this one.' });
    }
    const result = this.statements.deleteFlow.run(flowId);
    if (result.changes === 0) throw new ProblemError({ code: 'FLOW_NOT_FOUND', message: `This project has no flow "${flowId}".`, location: { file: this.path } });
  }

  /** Every flow document, in the flows list's order. */
  allFlows(): FlowDocument[] {
    return this.statements.allFlows.all().map((row) => this.parseFlow(row.document, row.id));
  }

  /** Writes a consistent copy of the project to `target` (which must not exist). */
  copyTo(target: string): void {
    if (existsSync(target)) {
      throw new ProblemError({ code: 'PROJECT_EXISTS', message: `${target} already exists.`, hint: 'Choose another name.', location: { file: target } });
    }
    const partial = `${target}.${randomUUID()}.partial`;
    try {
      this.db.prepare('VACUUM INTO ?').run(partial);
      renameSync(partial, target);
    } finally {
      rmSync(partial, { force: true });
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private parseFlow(text: string, flowId: string): FlowDocument {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw this.damaged(`flow ${flowId} is not valid JSON`);
    }
    const parsed = FlowDocument.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw this.damaged(`flow ${flowId} does not match the flow schema (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`);
    }
    return parsed.data;
  }

  private damaged(reason: string): ProblemError {
    return new ProblemError({ code: 'PROJECT_CORRUPT', message: `${this.path} is damaged: ${reason}.`, location: { file: this.path } });
  }
}
