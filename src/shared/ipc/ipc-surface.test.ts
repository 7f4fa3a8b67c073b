import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHANNEL_NAMES, EVENT_NAMES } from './channels';
import { contract, events } from './contract';

/**
 * The IPC surface is the app's attack surface and its API: any new channel,
 * or any change to what one accepts, must show up in review as a snapshot diff.
 */
describe('IPC contract surface', () => {
  it('lists exactly the channels and events the preload exposes', () => {
    expect(Object.keys(contract).sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(Object.keys(events).sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('matches the reviewed surface', () => {
    const surface = {
      channels: Object.fromEntries(
        Object.entries(contract).map(([name, spec]) => [
          name,
          { request: z.toJSONSchema(spec.request, { unrepresentable: 'any' }), response: z.toJSONSchema(spec.response, { unrepresentable: 'any' }) },
        ]),
      ),
      events: Object.fromEntries(Object.entries(events).map(([name, schema]) => [name, z.toJSONSchema(schema)])),
    };
    expect(surface).toMatchSnapshot();
  });
});
