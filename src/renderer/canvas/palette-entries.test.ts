import { describe, expect, it } from 'vitest';
import { model } from '../../../test/governance/builders';
import { paletteEntries, searchPalette } from './palette-entries';

describe('palette search', () => {
  const entries = paletteEntries(model());

  it('shows the plain kinds when nothing is typed', () => {
    expect(searchPalette(entries, '').map((entry) => entry.id)).toEqual(['trigger', 'read', 'map', 'route', 'write', 'request', 'await-ack', 'check', 'error', 'sub-flow']);
  });

  it('finds by kind, by system and by an entity the system holds', () => {
    expect(searchPalette(entries, 'ack').map((entry) => entry.id)).toEqual(['await-ack']);
    expect(searchPalette(entries, 'write netsuite').map((entry) => entry.id)).toEqual(['write:netsuite']);
    expect(searchPalette(entries, 'inventorylevel trigger').map((entry) => entry.id)).toEqual(['trigger:shopify', 'trigger:netsuite']);
  });

  it('binds system entries to their system', () => {
    expect(entries.find((entry) => entry.id === 'read:shipbob')?.config).toEqual({ system: 'shipbob' });
  });
});
