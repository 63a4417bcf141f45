import { describe, expect, it } from 'vitest';
import { copyTemplate } from '../../../src/kube/deep-copy.js';

describe('copyTemplate', () => {
  it('copies a template without aliases into fresh objects', () => {
    const template = { metadata: { labels: { a: '1' } }, spec: { list: [{ x: 1 }, { x: 2 }] } };
    const copy = copyTemplate(template);
    expect(copy).toEqual(template);
    expect(copy.metadata).not.toBe(template.metadata);
    expect(copy.spec.list[0]).not.toBe(template.spec.list[0]);
    expect(copyTemplate(template)).toEqual(template);
  });

  it('keeps the sharing of a YAML alias, as deepCopy does', () => {
    const shared = { image: 'x' };
    const template = { a: shared, b: shared };
    const copy = copyTemplate(template);
    expect(copy.a).toBe(copy.b);
    expect(copy.a).not.toBe(shared);
  });

  it('copies a template nested deeper than copyJson goes, as deepCopy does', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 1500; i++) deep = { next: deep };
    expect(copyTemplate(deep)).toEqual(deep);
  });

  it('copies a "__proto__" key as a key', () => {
    const template = JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as Record<string, unknown>;
    const copy = copyTemplate(template);
    expect(Object.keys(copy)).toEqual(['__proto__', 'y']);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });
});
