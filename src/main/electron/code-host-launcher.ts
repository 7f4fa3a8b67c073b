import { utilityProcess } from 'electron';
import type { HostLauncher } from '../services/code/code-sandbox';
import type { HostReply } from '../services/code/code-protocol';

/**
 * The code host as Electron starts it: a utilityProcess (a killable Node
 * process of the app's own), with an empty environment. It is not a
 * sandbox by itself — QuickJS inside it is — but a step that runs away takes
 * only this process down, and the main process's watchdog kills it.
 */
export const utilityHostLauncher: HostLauncher = (script) => {
  const child = utilityProcess.fork(script, [], { env: {}, stdio: 'ignore', serviceName: 'Steward code host' });
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message: HostReply) => listener(message)),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => void child.kill(),
  };
};
