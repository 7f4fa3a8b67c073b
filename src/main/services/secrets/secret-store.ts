import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { ProblemError } from '../../../shared/problem';

/**
 * Where credentials typed into the app are kept: never in the project file,
 * the environment file (which holds `${NAME}` references), the journal or a
 * log. Values are sealed by a `Sealer` — Electron's safeStorage in the app
 * (the OS keychain), a key file elsewhere — and only sealed bytes reach disk.
 */
export interface Sealer {
  /** What protects the values, for the environments editor to say. */
  readonly kind: string;
  seal(plain: string): Promise<Buffer>;
  open(sealed: Buffer): Promise<string>;
}

export interface SecretStore {
  readonly kind: string;
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  remove(name: string): Promise<void>;
}

export class SealedFileSecretStore implements SecretStore {
  constructor(
    private readonly file: string,
    private readonly sealer: Sealer,
  ) {}

  get kind(): string {
    return this.sealer.kind;
  }

  async get(name: string): Promise<string | null> {
    const sealed = this.read()[name];
    return sealed === undefined ? null : this.sealer.open(Buffer.from(sealed, 'base64'));
  }

  async set(name: string, value: string): Promise<void> {
    const all = this.read();
    all[name] = (await this.sealer.seal(value)).toString('base64');
    this.write(all);
  }

  remove(name: string): Promise<void> {
    this.write(Object.fromEntries(Object.entries(this.read()).filter(([key]) => key !== name)));
    return Promise.resolve();
  }

  private read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      return parsed as Record<string, string>;
    } catch (error: unknown) {
      throw new ProblemError({ code: 'SECRETS_UNREADABLE', message: `${this.file} cannot be read: ${error instanceof Error ? error.message : String(error)}.`, hint: 'Move the file aside; the credentials will have to be entered again.', location: { file: this.file } });
    }
  }

  /** Written whole to a new file and renamed over the old, so a crash never leaves half a file. */
  private write(all: Record<string, string>): void {
    const next = `${this.file}.next`;
    writeFileSync(next, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
    renameSync(next, this.file);
  }
}
