import { existsSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempRepo } from '../helpers/cli.js';

const repoWith = (files: Record<string, string>) => tempRepo(files, 'gitfed-render-safety-');

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
    expect(r.stderr).toContain('e.g. in clusters.yaml: "apiVersion: cluster.karmada.io/v1alpha1, kind: Cluster, metadata: {name: member1}"');
    expect(r.stdout).toBe('');
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

describe('repository content stays within the operator\'s limits', () => {
  it('a 50 MB file is refused before it is parsed, naming the file and the limit', () => {
    const dir = repoWith({ 'clusters.yaml': CLUSTER, 'cpp.yaml': CPP });
    writeFileSync(join(dir, 'huge.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  k: "${'x'.repeat(50 * 1024 * 1024)}"\n`);
    const r = runCli(['render', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^huge\.yaml: is 50\.0 MiB, over the limit of 4\.0 MiB per file \(--max-file-size\); it was not read$/m);
  });

  it('too many objects is an error naming the limit and the file where it was passed', () => {
    const many = Array.from({ length: 30 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\n`).join('---\n');
    const dir = repoWith({ 'clusters.yaml': CLUSTER, 'cpp.yaml': CPP, 'many.yaml': many });
    const r = runCli(['render', dir, '--max-objects', '20']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('many.yaml: the objects read so far, this file\'s included, pass the limit of 20 per revision (--max-objects)');
  });

  it('the whole revision over --max-repo-size is an error', () => {
    const dir = repoWith({ 'clusters.yaml': CLUSTER, 'cpp.yaml': CPP, 'z.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: z}\ndata: {k: "${'x'.repeat(4000)}"}\n` });
    const r = runCli(['render', dir, '--max-repo-size', '2KiB']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('z.yaml: the manifests read so far, this file included, pass the limit of 2048 bytes per revision (--max-repo-size)');
  });

  it('a non-UTF-8 file is an error with its file and line, not replaced characters', () => {
    const dir = repoWith({ 'clusters.yaml': CLUSTER, 'cpp.yaml': CPP });
    writeFileSync(join(dir, 'latin1.yaml'), Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: "caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]));
    const r = runCli(['render', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('latin1.yaml:4: is not UTF-8 text (invalid byte 0xe9');
  });

  it('an alias bomb names its file and line', () => {
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: bomb}', 'data:', '  a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) lines.push(`  ${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const dir = repoWith({ 'clusters.yaml': CLUSTER, 'cpp.yaml': CPP, 'bomb.yaml': `${lines.join('\n')}\n` });
    const r = runCli(['render', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^bomb\.yaml:1: invalid YAML: .*alias/im);
  });
});
