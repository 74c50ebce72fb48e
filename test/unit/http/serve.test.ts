import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM server script without type declarations
import { clientAddress, decodablePath } from '../../../scripts/serve.mjs';

describe('production server: client address', () => {
  it('is the socket peer unless proxies are trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('127.0.0.1', '203.0.113.7', 0)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', undefined, 0)).toBe('127.0.0.1');
  });

  it('behind N trusted proxies is the address the outermost one saw', () => {
    // client → proxy (appends client) → server; a forged entry sent by the client sits further left.
    expect(clientAddress('10.0.0.2', '198.51.100.9', 1)).toBe('198.51.100.9');
    expect(clientAddress('10.0.0.2', '203.0.113.7, 198.51.100.9', 1)).toBe('198.51.100.9');
    expect(clientAddress('10.0.0.3', '203.0.113.7, 198.51.100.9, 10.0.0.2', 2)).toBe('198.51.100.9');
    // Fewer entries than hops: the leftmost known address.
    expect(clientAddress('10.0.0.2', undefined, 1)).toBe('10.0.0.2');
  });
});

describe('production server: malformed paths', () => {
  it('refuses paths that do not percent-decode', () => {
    expect(decodablePath('/s/%ff%fe')).toBe(false);
    expect(decodablePath('/s/%E0%A4%A')).toBe(false);
    expect(decodablePath('/s/demo?x=%ff')).toBe(true);
    expect(decodablePath('/s/%C3%BC')).toBe(true);
  });
});
