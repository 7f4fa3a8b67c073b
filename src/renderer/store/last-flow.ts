/**
 * Which flow of a project was open last, so a reload or a reopen comes back
 * to it. View state, kept in the renderer's storage; losing it only means
 * opening on the first flow.
 */
const key = (projectPath: string): string => `steward.lastFlow:${projectPath}`;

export function rememberFlow(projectPath: string, flowId: string): void {
  try {
    window.localStorage.setItem(key(projectPath), flowId);
  } catch {
    // Storage may be unavailable (private mode, quota): nothing to keep then.
  }
}

export function lastFlow(projectPath: string): string | null {
  try {
    return window.localStorage.getItem(key(projectPath));
  } catch {
    return null;
  }
}
