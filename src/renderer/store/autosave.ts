/**
 * Debounced saving of one document: edits within `delayMs` are saved
 * together, saves never overlap, and `flush` waits for the last one.
 */
export interface Autosave<T> {
  schedule(value: T): void;
  flush(): Promise<void>;
}

export function createAutosave<T>(delayMs: number, save: (value: T) => Promise<void>): Autosave<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: { value: T } | undefined;
  let chain: Promise<void> = Promise.resolve();
  const run = (): void => {
    timer = undefined;
    const next = pending;
    pending = undefined;
    if (next !== undefined) chain = chain.then(() => save(next.value));
  };
  return {
    schedule(value) {
      pending = { value };
      clearTimeout(timer);
      timer = setTimeout(run, delayMs);
    },
    async flush() {
      if (timer !== undefined) {
        clearTimeout(timer);
        run();
      }
      await chain;
    },
  };
}
