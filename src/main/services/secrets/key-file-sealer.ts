import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Sealer } from './secret-store';

/**
 * The sealer of the browser host and the CLI, where there is no Electron
 * safeStorage: AES-256-GCM under a random key in a file only this user may
 * read (mode 600), kept apart from the sealed values. It keeps credentials
 * out of plain text and out of anything copied with the project; it is not
 * the OS keychain, and the environments editor says so.
 */
export function keyFileSealer(keyFile: string): Sealer {
  const key = (): Buffer => {
    if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32), { mode: 0o600 });
    const bytes = readFileSync(keyFile);
    if (bytes.length !== 32) throw new Error(`${keyFile} is not a 32-byte key`);
    chmodSync(keyFile, 0o600);
    return bytes;
  };
  return {
    kind: 'key file (AES-256-GCM)',
    // Synchronous work behind the asynchronous interface the keychain needs.
    seal: (plain) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key(), iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Promise.resolve(Buffer.concat([iv, cipher.getAuthTag(), body]));
    },
    open: (sealed) => {
      const decipher = createDecipheriv('aes-256-gcm', key(), sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Promise.resolve(Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8'));
    },
  };
}
