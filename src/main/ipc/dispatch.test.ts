import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../shared/ipc/channels';
import type { ProjectSnapshot } from '../../shared/model/project';
import { ProblemError } from '../../shared/problem';
import type { Handlers } from './dispatch';
import { createDispatcher } from './dispatch';

const snapshot: ProjectSnapshot = { path: '/p/a.steward', name: 'A', schemaVersion: 1, createdAt: '2026-01-01T00:00:00.000Z', flows: [] };

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const fail = (): never => {
    throw new Error('not used in this test');
  };
  const base = Object.fromEntries(
    CHANNEL_NAMES.map((channel) => [channel, fail]),
  ) as unknown as Handlers;
  return { ...base, ...overrides };
}

describe('createDispatcher', () => {
  it('refuses an invalid payload before the handler runs, naming the field', async () => {
    const open = vi.fn(() => snapshot);
    const dispatch = createDispatcher(handlers({ 'project.open': open }), () => undefined);
    const envelope = await dispatch('project.open', { path: 42 });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_PAYLOAD' } });
    expect(envelope.ok ? '' : envelope.error.message).toContain('at path');
    expect(open).not.toHaveBeenCalled();
  });

  it('refuses unknown channels', async () => {
    const dispatch = createDispatcher(handlers(), () => undefined);
    expect(await dispatch('project.deleteEverything', {})).toMatchObject({ ok: false, error: { code: 'IPC_UNKNOWN_CHANNEL' } });
    expect(await dispatch('__proto__', {})).toMatchObject({ ok: false, error: { code: 'IPC_UNKNOWN_CHANNEL' } });
  });

  it('passes a valid request through and returns the answer', async () => {
    const dispatch = createDispatcher(handlers({ 'project.open': ({ path }) => ({ ...snapshot, path }) }), () => undefined);
    expect(await dispatch('project.open', { path: '/x/y.steward' })).toEqual({ ok: true, value: { ...snapshot, path: '/x/y.steward' } });
  });

  it('strips fields the contract does not promise from answers', async () => {
    const leaky = { ...snapshot, secret: 'do-not-send' };
    const dispatch = createDispatcher(handlers({ 'project.current': () => leaky }), () => undefined);
    const envelope = await dispatch('project.current', undefined);
    expect(envelope.ok && envelope.value).not.toHaveProperty('secret');
  });

  it('returns user problems as data and hides internal errors behind a code', async () => {
    const onInternal = vi.fn();
    const dispatch = createDispatcher(
      handlers({
        'project.open': () => {
          throw new ProblemError({ code: 'PROJECT_CORRUPT', message: 'damaged', location: { file: '/p' } });
        },
        'project.current': () => {
          throw new Error('SQLITE_BUSY at /home/user/secret-path');
        },
      }),
      onInternal,
    );
    expect(await dispatch('project.open', { path: '/p' })).toEqual({ ok: false, error: { code: 'PROJECT_CORRUPT', message: 'damaged', location: { file: '/p' } } });
    const internal = await dispatch('project.current', undefined);
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(internal)).not.toContain('secret-path');
    expect(onInternal).toHaveBeenCalledOnce();
  });
});
