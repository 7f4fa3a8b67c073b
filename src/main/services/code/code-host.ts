import { RELEASE_SYNC, newQuickJSWASMModuleFromVariant, newVariant, shouldInterruptAfterDeadline } from 'quickjs-emscripten';
import type { QuickJSWASMModule } from 'quickjs-emscripten';
import { transform } from 'sucrase';
import type { HostReply, HostRequest } from './code-protocol';
import { HOST_LIMITS } from './code-protocol';

/**
 * The code host: its own process (a Node child, or Electron's utilityProcess
 * in the app), started with an empty environment, holding nothing of
 * Steward's — no project, journal or credentials. It runs each code step in a
 * fresh QuickJS runtime compiled to WebAssembly: no `process`, `require`,
 * files, network, timers or host objects exist in there, only the input as
 * JSON and the step's own code. Each call has a deadline (QuickJS interrupts
 * it) and a memory ceiling: the WebAssembly memory itself has a fixed
 * maximum, because QuickJS's own limit does not cover ArrayBuffers; the main
 * process's watchdog kills this process if it still grows or stops answering.
 */
let quickjs: QuickJSWASMModule | null = null;

/** Node has WebAssembly; this project's TypeScript libraries do not declare it for the main process. */
const Wasm = (globalThis as unknown as { WebAssembly: { Memory: new (descriptor: { initial: number; maximum: number }) => object } }).WebAssembly;

async function engine(): Promise<QuickJSWASMModule> {
  const wasmMemory = new Wasm.Memory({ initial: 256, maximum: HOST_LIMITS.wasmPages });
  quickjs ??= await newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmMemory: wasmMemory as never }));
  return quickjs;
}

/** TypeScript → JavaScript (types stripped, `export default` made a CommonJS export), here and never in the main process. */
function compile(code: string): string {
  return transform(code, { transforms: ['typescript', 'imports'], disableESTransforms: true }).code;
}

const RUNNER = `
(function () {
  'use strict';
  const module = { exports: {} };
  const exports = module.exports;
  (function (module, exports) {
    __STEP__
  })(module, exports);
  const step = typeof module.exports.default === 'function' ? module.exports.default : module.exports;
  if (typeof step !== 'function') throw new TypeError('the code step must export a default function');
  const output = step(JSON.parse(__input));
  if (output !== null && typeof output === 'object' && typeof output.then === 'function') throw new TypeError('the code step must return its result, not a promise');
  return JSON.stringify(output === undefined ? null : output);
})()
`;

async function run(request: HostRequest): Promise<HostReply> {
  let javascript: string;
  try {
    javascript = compile(request.code);
  } catch (error: unknown) {
    return { id: request.id, ok: false, reason: `the code does not compile: ${error instanceof Error ? error.message : String(error)}` };
  }
  const runtime = (await engine()).newRuntime();
  runtime.setMemoryLimit(HOST_LIMITS.heapBytes);
  runtime.setMaxStackSize(HOST_LIMITS.stackBytes);
  runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + request.deadlineMs));
  const context = runtime.newContext();
  let reply: HostReply;
  try {
    reply = evaluate(request, context, javascript);
  } catch (error: unknown) {
    reply = { id: request.id, ok: false, reason: `the code step failed: ${error instanceof Error ? error.message : String(error)}`, restart: true };
  }
  try {
    context.dispose();
    runtime.dispose();
  } catch {
    // A runtime left in a state it cannot be freed from (a stack overflow can do that): this host starts afresh.
    return reply.ok ? { id: reply.id, ok: false, reason: 'the code step left the engine unusable and was stopped', restart: true } : { ...reply, restart: true };
  }
  return reply;
}

function evaluate(request: HostRequest, context: ReturnType<QuickJSWASMModule['newContext']>, javascript: string): HostReply {
  const input = context.newString(JSON.stringify(request.input ?? null));
  context.setProp(context.global, '__input', input);
  input.dispose();
  const result = context.evalCode(RUNNER.replace('__STEP__', () => javascript), 'step.js');
  if (result.error !== undefined) {
    const error = context.dump(result.error) as { name?: string; message?: string } | string;
    result.error.dispose();
    const message = typeof error === 'string' ? error : `${error.name ?? 'Error'}: ${error.message ?? ''}`;
    if (/interrupted/.test(message)) return { id: request.id, ok: false, reason: `the code step ran past its ${request.deadlineMs} ms deadline and was stopped` };
    // Out of memory may leave the engine's heap unusable: answer, then start afresh.
    if (/out of memory/.test(message)) return { id: request.id, ok: false, reason: 'the code step ran out of memory and was stopped', restart: true };
    return { id: request.id, ok: false, reason: `the code step threw ${message}` };
  }
  const text = context.getString(result.value);
  result.value.dispose();
  return { id: request.id, ok: true, output: JSON.parse(text) as unknown };
}

/** Node's IPC channel, or Electron's utilityProcess port: the same messages either way. */
interface ParentPort {
  on(event: 'message', listener: (event: { data: HostRequest }) => void): void;
  postMessage(message: HostReply): void;
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function reply(message: HostReply, then?: () => void): void {
  if (parentPort !== undefined) {
    parentPort.postMessage(message);
    then?.();
  } else {
    process.send?.(message, undefined, {}, () => then?.());
  }
}

function handle(message: HostRequest): void {
  void run(message).then(
    (answer) => reply(answer, answer.restart === true ? () => process.exit(0) : undefined),
    (error: unknown) => reply({ id: message.id, ok: false, reason: `the code host failed: ${error instanceof Error ? error.message : String(error)}`, restart: true }, () => process.exit(1)),
  );
}

if (parentPort !== undefined) parentPort.on('message', (event) => handle(event.data));
else process.on('message', (message: HostRequest) => handle(message));
// Loaded and ready: the engine is compiled before the first step, not during it.
void engine().then(() => reply({ id: 0, ok: true, output: 'ready' }));
