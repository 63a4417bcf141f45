import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ownerOf } from '../../../src/reconcile/source.js';

describe('ownerOf', () => {
  it('a token in the URL does not change the owner, so moving it to GITFED_GIT_TOKEN keeps the clusters', () => {
    expect(ownerOf({ repo: 'https://x-access-token:s3cr3t@git.example/org/fleet.git' })).toBe('https://git.example/org/fleet.git');
    expect(ownerOf({ repo: 'https://git.example/org/fleet.git/' })).toBe('https://git.example/org/fleet.git');
    expect(ownerOf({ repo: 'https://user@git.example/org/fleet.git' })).toBe('https://git.example/org/fleet.git');
  });

  it('the subdirectory is part of the owner; a local path is made absolute', () => {
    expect(ownerOf({ repo: 'https://git.example/fleet', path: '/prod/' })).toBe('https://git.example/fleet//prod');
    expect(ownerOf({ repo: 'fleet' })).toBe(resolve('fleet'));
  });
});
