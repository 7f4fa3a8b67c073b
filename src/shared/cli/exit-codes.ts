/** Exit codes for every CLI command (domain.md §7). */
export const EXIT = {
  /** Done and clean. */
  clean: 0,
  /** Done, and findings exist. */
  findings: 1,
  /** Could not do the job: bad arguments, unreadable input, unreachable system. */
  failed: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
