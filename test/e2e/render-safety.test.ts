import { existsSync, mkdtempSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

function repoWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gitfed-render-safety-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const CLUSTER = 'apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: m1}\n';
const CPP = `apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: all}
spec:
  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}, {apiVersion: apps/v1, kind: Deployment}]
  placement:
    replicaScheduling: {replicaSchedulingType: Divided}
`;

describe('gitfed render refuses input that would hang it or write outside its output', () => {
  it('spec.replicas 1e12 exits 2 at once with the file and line', () => {
    const dir = repoWith({
      'clusters.yaml': CLUSTER, 'cpp.yaml': CPP,
      'web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1e12\n  selector: {matchLabels: {a: b}}\n  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: a, image: a}]}}\n',
    });
    const r = runCli(['render', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('web.yaml:5: spec.replicas: must be at most 2147483647, got 1000000000000');
    expect(r.stdout).toBe('');
  });

  it('a template named ../../../../tmp/x/pwned is refused and render --out writes nothing anywhere', () => {
    const target = mkdtempSync(join(tmpdir(), 'gitfed-pwned-'));
    const dir = repoWith({ 'clusters.yaml': CLUSTER, 'cpp.yaml': CPP, 'x.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "../../../..${target}/pwned"}\n` });
    const out = join(mkdtempSync(join(tmpdir(), 'gitfed-out-')), 'out');
    const r = runCli(['render', dir, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/x\.yaml:3: metadata\.name: .* must be a lowercase RFC 1123 subdomain/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(target)).toEqual([]);
  });

  it('a repository with no Cluster objects is an error, not an empty success', () => {
    const dir = repoWith({ 'cpp.yaml': CPP, 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n' });
    const r = runCli(['render', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no member clusters: the repository declares no Cluster');
  });

  it('a symlink out of a plain-directory repository is not followed, and a warning names it', () => {
    const outside = repoWith({ 'secret.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: stolen}\ndata: {k: v}\n' });
    const dir = repoWith({ 'clusters.yaml': CLUSTER, 'cpp.yaml': CPP });
    symlinkSync(join(outside, 'secret.yaml'), join(dir, 'link.yaml'));
    symlinkSync(outside, join(dir, 'linked-dir'));
    const r = runCli(['render', dir, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('link.yaml:1: warning: is a symbolic link and is not followed');
    expect(r.stderr).toContain('linked-dir:1: warning: is a symbolic link and is not followed');
    expect(r.stdout).not.toContain('stolen');
  });
});
