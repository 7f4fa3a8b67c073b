import type { ChildProcess } from 'node:child_process';

/**
 * Resolves once a child process prints `ready` (on stdout or stderr); from
 * then on its output — a line per request, for a sandbox — is drained and
 * dropped, never kept. Rejects, with what it printed, if it exits first.
 */
export function untilReady(child: ChildProcess, ready: RegExp): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let output = '';
    const seen = (chunk: Buffer): void => {
      output += chunk.toString();
      if (!ready.test(output)) return;
      child.stdout?.off('data', seen);
      child.stderr?.off('data', seen);
      child.stdout?.resume();
      child.stderr?.resume();
      resolve();
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.on('exit', () => reject(new Error(`exited: ${output}`)));
  });
}
