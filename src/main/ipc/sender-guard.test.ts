import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './sender-guard';

const APP = 'app://steward';

describe('isTrustedSender', () => {
  it.each([
    ['the app page', { url: 'app://steward/index.html', isMainFrame: true }, true],
    ['the app page with a route', { url: 'app://steward/index.html#/flows', isMainFrame: true }, true],
    ['a sub-frame of the app', { url: 'app://steward/index.html', isMainFrame: false }, false],
    ['a look-alike host', { url: 'app://steward.evil/index.html', isMainFrame: true }, false],
    ['another custom-scheme host', { url: 'app://other/index.html', isMainFrame: true }, false],
    ['a web page', { url: 'https://steward/index.html', isMainFrame: true }, false],
    ['a file URL', { url: 'file:///tmp/index.html', isMainFrame: true }, false],
    ['a malformed URL', { url: 'not a url', isMainFrame: true }, false],
    ['an empty URL', { url: '', isMainFrame: true }, false],
  ])('%s → %s', (_label, frame, expected) => {
    expect(isTrustedSender(frame, APP)).toBe(expected);
  });

  it('refuses a missing frame (destroyed or navigated away)', () => {
    expect(isTrustedSender(null, APP)).toBe(false);
    expect(isTrustedSender(undefined, APP)).toBe(false);
  });
});
