import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli, tempRepo } from '../helpers/cli.js';

const REPO = 'examples/policy-repo';

const repoWith = (files: Record<string, string>) => tempRepo(files, 'gitfed-render-');

const CLUSTER = 'apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata:\n  name: m1\n';

describe('gitfed render', () => {
  it('prints one YAML stream per cluster, each headed by a comment naming the cluster', () => {
    const r = runCli(['render', REPO]);
    expect(r.code).toBe(0);
    const headers = r.stdout.split('\n').filter((l) => l.startsWith('# cluster: '));
    expect(headers).toEqual(['# cluster: aws-us-east', '# cluster: azure-asia', '# cluster: edge-gpu', '# cluster: gcp-europe']);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as { kind: string } | null).filter(Boolean);
    const json = JSON.parse(runCli(['render', REPO, '--format', 'json']).stdout) as { clusters: Record<string, unknown[]> };
    expect(docs.length).toBe(Object.values(json.clusters).flat().length);
  });

  it('--cluster keeps only that cluster', () => {
    const r = runCli(['render', REPO, '--format', 'json', '--cluster', 'edge-gpu']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { clusters: Record<string, { kind: string }[]> };
    expect(Object.keys(plan.clusters)).toEqual(['edge-gpu']);
    expect(plan.clusters['edge-gpu']?.map((o) => o.kind)).toEqual(['Namespace', 'Namespace', 'DaemonSet', 'ClusterRole']);
  });

  it('--cluster with an unknown name is a usage error naming the known clusters', () => {
    const r = runCli(['render', REPO, '--cluster', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--cluster nope');
    expect(r.stderr).toContain('aws-us-east');
  });

  it('--out writes <dir>/<cluster>/<kind>-<namespace>-<name>.yaml', () => {
    const out = mkdtempSync(join(tmpdir(), 'gitfed-out-'));
    const r = runCli(['render', REPO, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readdirSync(out).sort()).toEqual(['aws-us-east', 'azure-asia', 'edge-gpu', 'gcp-europe']);
    expect(readdirSync(join(out, 'edge-gpu')).sort()).toEqual([
      'ClusterRole-shop-reader.yaml', 'DaemonSet-monitoring-node-exporter.yaml', 'Namespace-monitoring.yaml', 'Namespace-shop.yaml',
    ]);
    const web = readFileSync(join(out, 'gcp-europe', 'Deployment-shop-web.yaml'), 'utf8');
    expect(web).toContain('replicas: 2');
    expect(web).toContain('image: eu.mirror.example.com/shop/web:1.4.2');
  });

  it('a malformed file gives file:line: message, exit 2 and nothing on stdout', () => {
    const dir = repoWith({ 'clusters.yaml': CLUSTER, 'apps/bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: {a: 1\n' });
    const r = runCli(['render', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^apps\/bad\.yaml:\d+: invalid YAML/m);
  });

  it('an invalid policy names the file, the line and the field; JSON output carries the diagnostic and no objects', () => {
    const policy = [
      'apiVersion: policy.karmada.io/v1alpha1',
      'kind: PropagationPolicy',
      'metadata:',
      '  name: p',
      'spec:',
      '  resourceSelectors:',
      '    - apiVersion: v1',
      '      kind: ConfigMap',
      '  placement:',
      '    replicaScheduling:',
      '      replicaSchedulingType: Spread',
      '',
    ].join('\n');
    const dir = repoWith({ 'clusters.yaml': CLUSTER, 'policy.yaml': policy });
    const yaml = runCli(['render', dir]);
    expect(yaml.code).toBe(2);
    expect(yaml.stdout).toBe('');
    expect(yaml.stderr).toContain('policy.yaml:11: spec.placement.replicaScheduling.replicaSchedulingType: unsupported value "Spread"');
    const json = runCli(['render', dir, '--format', 'json']);
    expect(json.code).toBe(2);
    const plan = JSON.parse(json.stdout) as { clusters: object; diagnostics: { file: string; line: number; severity: string }[] };
    expect(plan.clusters).toEqual({});
    expect(plan.diagnostics).toEqual([expect.objectContaining({ severity: 'error', file: 'policy.yaml', line: 11 })]);
  });

  it('a missing repository directory is an error, exit 2', () => {
    const r = runCli(['render', '/nonexistent/gitfed-repo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/nonexistent/gitfed-repo');
  });

  it('an unknown format is a usage error, exit 2', () => {
    const r = runCli(['render', REPO, '--format', 'toml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('toml');
  });

  it('--help explains the command', () => {
    const r = runCli(['render', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--cluster');
    expect(r.stdout).toContain('Exit codes');
  });
});
