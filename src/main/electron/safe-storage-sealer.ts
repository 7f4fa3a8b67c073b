import { safeStorage } from 'electron';
import type { Sealer } from '../services/secrets/secret-store';

/**
 * The app's sealer: Electron's safeStorage (the OS keychain), through its
 * asynchronous API. On Linux without a keyring safeStorage silently falls back
 * to `basic_text`, a hard-coded password — that is refused, not used.
 */
export function safeStorageSealer(): Sealer {
  const ready = async (): Promise<void> => {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) throw new Error('the system keychain is not available, so Steward will not store credentials');
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      throw new Error('no keyring (GNOME Keyring or KWallet) is running, and safeStorage would fall back to a hard-coded password; start one, or use ${VAR} references');
    }
  };
  return {
    kind: 'system keychain (Electron safeStorage)',
    seal: async (plain) => {
      await ready();
      return safeStorage.encryptStringAsync(plain);
    },
    open: async (sealed) => {
      await ready();
      return (await safeStorage.decryptStringAsync(sealed)).result;
    },
  };
}
