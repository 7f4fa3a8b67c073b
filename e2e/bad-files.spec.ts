import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';

const digest = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

test('opening a corrupt file shows a clear error and leaves the file untouched', async ({ app, page, host }) => {
  mkdirSync(host.projectsDir, { recursive: true });
  const path = join(host.projectsDir, 'garbage.steward');
  writeFileSync(path, 'This was a spreadsheet once.\n'.repeat(40));
  const before = digest(path);

  await app.openProject(path);
  const notice = page.getByTestId('notice');
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute('data-code', 'PROJECT_NOT_SQLITE');
  await expect(notice).toContainText('Could not open the project');
  await expect(notice).toContainText('is not a Steward project: it is not a SQLite database');
  await app.screenshot('corrupt-file');
  expect(digest(path)).toBe(before);
  // The dialog stays open so the path can be corrected.
  await expect(page.getByTestId('dialog-open')).toBeVisible();
});

test('a SQLite file from another app is refused as foreign', async ({ app, page, host }) => {
  mkdirSync(host.projectsDir, { recursive: true });
  const path = join(host.projectsDir, 'notes.steward');
  const db = new Database(path);
  db.exec('CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (1)');
  db.close();
  const before = digest(path);
  await app.openProject(path);
  await expect(page.getByTestId('notice')).toHaveAttribute('data-code', 'PROJECT_FOREIGN');
  expect(digest(path)).toBe(before);
});
