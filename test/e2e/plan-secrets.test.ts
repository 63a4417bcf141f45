import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gitfed-plan-secrets-'));
const git = (...args: string[]) => execFileSync('git', args, {
  cwd: dir, encoding: 'utf8',
  env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' },
}).trim();
const commit = (files: Record<string, string>) => {
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  git('add', '-A');
  git('commit', '-q', '-m', 'change');
  return git('rev-parse', 'HEAD');
};
const b64 = (s: string) => Buffer.from(s).toString('base64');

// every value either commit holds, as written and base64-encoded: none may reach the plan's output
const OLD = { password: 'hunter2-old-password', user: 'admin-user-old', token: 'old-token-value-1234', lastApplied: 'last-applied-old-copy' };
const NEW = { password: 's3cr3t-new-password', extra: 'brand-new-extra-value', token: 'new-token-value-5678', lastApplied: 'last-applied-new-copy' };
const BROKEN = 'not-json-hunter3-override-target';
const VALUES = [...Object.values(OLD), ...Object.values(NEW), BROKEN];

const secret = (data: Record<string, string>, token: string, copy: string) => `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: shop
  annotations: {kubectl.kubernetes.io/last-applied-configuration: '{"stringData":{"copy":"${copy}"}}'}
data: {${Object.entries(data).map(([k, v]) => `${k}: ${b64(v)}`).join(', ')}}
stringData: {token: ${token}}
`;

// an override that cannot parse a Secret's value: its warning must say so without quoting the value
const files = {
  'clusters.yaml': 'apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: m1}\n',
  'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  'cfg.yaml': `apiVersion: v1\nkind: Secret\nmetadata: {name: cfg, namespace: shop}\nstringData: {config: ${BROKEN}}\n`,
  'policy.yaml': `apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: secrets, namespace: shop}
spec:
  resourceSelectors: [{apiVersion: v1, kind: Secret}]
  placement: {clusterAffinity: {clusterNames: [m1]}}
---
apiVersion: policy.karmada.io/v1alpha1
kind: OverridePolicy
metadata: {name: cfg, namespace: shop}
spec:
  resourceSelectors: [{apiVersion: v1, kind: Secret, name: cfg}]
  overrideRules:
    - overriders:
        fieldOverrider: [{fieldPath: /stringData/config, json: [{subPath: /a, operator: add, value: 1}]}]
`,
};

let base: string;
let head: string;

beforeAll(() => {
  git('init', '-q', '-b', 'main');
  base = commit({ ...files, 'db.yaml': secret({ password: OLD.password, user: OLD.user }, OLD.token, OLD.lastApplied) });
  head = commit({ 'db.yaml': secret({ password: NEW.password, extra: NEW.extra }, NEW.token, NEW.lastApplied) });
});

describe('gitfed plan never prints a Secret\'s values', () => {
  it('a commit changing a Secret\'s data and stringData: no old or new value, plain or base64, in markdown or JSON; the changed keys are named', () => {
    const md = runCli(['plan', dir, '--base', base, '--head', head]);
    const json = runCli(['plan', dir, '--base', base, '--head', head, '--format', 'json']);
    expect([md.code, json.code]).toEqual([1, 1]);
    for (const out of [md.stdout, md.stderr, json.stdout, json.stderr]) {
      for (const value of VALUES) {
        expect(out).not.toContain(value);
        expect(out).not.toContain(b64(value));
      }
    }
    const keys = ['`data.extra: added`', '`data.password: changed`', '`data.user: removed`', '`stringData.token: changed`'];
    expect(md.stdout).toContain(`Secret keys (values not shown): ${keys.join(', ')}`);
    expect(md.stdout).toContain('+  password: "*** (changed)"');
    const change = (JSON.parse(json.stdout) as { clusters: { changes: { subject: string; secretKeys?: unknown }[] }[] }).clusters[0]?.changes
      .find((c) => c.subject === 'Secret/shop/db');
    expect(change?.secretKeys).toEqual([
      { key: 'data.extra', change: 'added' }, { key: 'data.password', change: 'changed' },
      { key: 'data.user', change: 'removed' }, { key: 'stringData.token', change: 'changed' },
    ]);
  });

  it('an override that cannot parse a Secret\'s value warns with its place, not the value', () => {
    const r = runCli(['plan', dir, '--base', base, '--head', head]);
    expect(r.stdout).toContain('fieldOverrider[0] (/stringData/config): the value is not valid JSON');
    expect(r.stderr + r.stdout).not.toContain(BROKEN);
  });
});
