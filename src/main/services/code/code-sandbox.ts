import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { HostReply, HostRequest } from './code-protocol';
import { HOST_LIMITS } from './code-protocol';

/**
 * Runs code steps in the code host (code-host.ts), a separate process the
 * main process can kill. One call at a time, each with a deadline that
 * QuickJS enforces inside the host; this side is the watchdog for what
 * QuickJS cannot enforce: a host that does not answer by the deadline plus a
 * grace is killed, and so is one whose resident memory passes the cap. A
 * killed or crashed host fails only the call it was running and is started
 * again for the next. Nothing here evaluates the code.
 */
export type CodeResult = { readonly ok: true; readonly output: unknown } | { readonly ok: false; readonly reason: string };

export interface CodeRunner {
  run(code: string, input: unknown, deadlineMs?: number): Promise<CodeResult>;
}

/** How the host process is started: a Node child by default; the Electron glue passes utilityProcess. */
export interface HostProcess {
  readonly pid: number | undefined;
  send(message: HostRequest): void;
  onMessage(listener: (message: HostReply) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export type HostLauncher = (script: string) => HostProcess;

export const nodeHostLauncher: HostLauncher = (script) => {
  // An empty environment and no inherited flags: the host gets nothing of Steward's.
  const child = fork(script, [], { env: {}, execArgv: [], stdio: ['ignore', 'ignore', 'ignore', 'ipc'], serialization: 'json' });
  return {
    pid: child.pid,
    send: (message) => child.send(message),
    onMessage: (listener) => child.on('message', (message) => listener(message as HostReply)),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => child.kill('SIGKILL'),
  };
};

export interface CodeSandboxOptions {
  readonly script: string;
  readonly launcher?: HostLauncher;
  /** Per call, unless the call says otherwise. */
  readonly deadlineMs?: number;
  /** How long past the deadline the host may take to answer before it is killed. */
  readonly graceMs?: number;
  readonly rssBytes?: number;
}

interface Call {
  readonly request: HostRequest;
  readonly resolve: (result: CodeResult) => void;
}

export class CodeSandbox implements CodeRunner {
  private host: { process: HostProcess; ready: Promise<void> } | null = null;
  private readonly queue: Call[] = [];
  private current: Call | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: CodeSandboxOptions) {}

  run(code: string, input: unknown, deadlineMs = this.options.deadlineMs ?? 1_000): Promise<CodeResult> {
    if (this.closed) return Promise.resolve({ ok: false, reason: 'the code sandbox is closed' });
    return new Promise((resolve) => {
      this.queue.push({ request: { id: this.nextId++, code, input, deadlineMs }, resolve });
      void this.pump();
    });
  }

  close(): void {
    this.closed = true;
    this.stopWatchdog();
    this.host?.process.kill();
    this.host = null;
    for (const call of this.queue.splice(0)) call.resolve({ ok: false, reason: 'the code sandbox is closed' });
  }

  private async pump(): Promise<void> {
    if (this.current !== null || this.closed) return;
    const call = this.queue.shift();
    if (call === undefined) return;
    this.current = call;
    const host = this.start();
    await host.ready;
    if (this.current !== call || this.host !== host) return;
    const started = Date.now();
    host.process.send(call.request);
    // QuickJS stops the code at its deadline; this catches a host that cannot (or grows past the cap).
    this.watchdog = setInterval(() => {
      if (Date.now() - started > call.request.deadlineMs + (this.options.graceMs ?? 500)) this.kill(`the code step did not finish in ${call.request.deadlineMs} ms and its process was killed`);
      else if (residentBytes(host.process.pid) > (this.options.rssBytes ?? HOST_LIMITS.rssBytes)) this.kill(`the code step used more than ${Math.round((this.options.rssBytes ?? HOST_LIMITS.rssBytes) / 2 ** 20)} MiB and its process was killed`);
    }, 25);
  }

  private start(): { process: HostProcess; ready: Promise<void> } {
    if (this.host !== null) return this.host;
    const process = (this.options.launcher ?? nodeHostLauncher)(this.options.script);
    let ready: () => void = () => undefined;
    const host = { process, ready: new Promise<void>((resolve) => (ready = resolve)) };
    process.onMessage((reply) => {
      if (reply.id === 0) return ready();
      if (this.current === null || reply.id !== this.current.request.id) return;
      // A host that says it must restart takes no further step: the next one gets a fresh host.
      if (reply.restart === true && this.host === host) this.host = null;
      this.finish(reply.ok ? { ok: true, output: reply.output } : { ok: false, reason: reply.reason });
    });
    process.onExit((code) => {
      if (this.host !== host) return;
      this.host = null;
      ready();
      if (this.current !== null) {
        this.finish({ ok: false, reason: `the code host stopped (exit ${code ?? 'signal'}) while running the step` });
      }
    });
    this.host = host;
    return host;
  }

  private kill(reason: string): void {
    const host = this.host;
    this.host = null;
    host?.process.kill();
    this.finish({ ok: false, reason });
  }

  private finish(result: CodeResult): void {
    this.stopWatchdog();
    const call = this.current;
    this.current = null;
    call?.resolve(result);
    void this.pump();
  }

  private stopWatchdog(): void {
    if (this.watchdog !== null) clearInterval(this.watchdog);
    this.watchdog = null;
  }
}

/** A process's resident memory, from /proc where there is one; 0 elsewhere (the host's fixed WebAssembly ceiling still holds). */
function residentBytes(pid: number | undefined): number {
  if (pid === undefined || process.platform !== 'linux') return 0;
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return Number.isFinite(pages) ? pages * 4096 : 0;
  } catch {
    return 0;
  }
}
