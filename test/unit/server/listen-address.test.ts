import { describe, expect, it } from 'vitest';
import { parseListen } from '../../../src/server/listen-address.js';

describe('--listen addresses', () => {
  const ok: [string, { host: string; port: number }][] = [
    [':8080', { host: '0.0.0.0', port: 8080 }],
    ['8080', { host: '0.0.0.0', port: 8080 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['localhost:9000', { host: 'localhost', port: 9000 }],
    ['[::1]:8080', { host: '::1', port: 8080 }],
  ];
  it.each(ok)('%s is understood', (text, want) => {
    expect(parseListen(text)).toEqual(want);
  });
  it.each(['', 'host', 'host:port', ':70000', '1.2.3.4:80:90'])('"%s" is a usage error naming --listen', (text) => {
    expect(() => parseListen(text)).toThrow(/--listen: invalid address/);
  });
});
