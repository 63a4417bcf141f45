import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { DASHBOARD_DIR } from '../../src/server/dashboard-routes.js';

const run = promisify(execFile);
const dockerfile = readFileSync('Dockerfile', 'utf8');

/** instructions joins continuation lines and drops comments: [INSTRUCTION, arguments] per line. */
function instructions(text: string): [string, string][] {
  return text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
    .map((l) => [l.split(/\s+/)[0]?.toUpperCase() ?? '', l.slice(l.search(/\s/) + 1).trim()]);
}

describe('Dockerfile', () => {
  const all = instructions(dockerfile);
  const froms = all.filter(([i]) => i === 'FROM').map(([, a]) => a);
  const finalStage = all.slice(all.findLastIndex(([i]) => i === 'FROM'));

  it('dockerfilelint finds no issues', async () => {
    const { stdout } = await run(join('node_modules', '.bin', 'dockerfilelint'), ['-o', 'json', 'Dockerfile']).catch((err: { stdout: string }) => err);
    const report = JSON.parse(stdout) as { totalIssues: number; files: { issues: unknown[] }[] };
    expect(report.files[0]?.issues).toEqual([]);
    expect(report.totalIssues).toBe(0);
  });

  it('is multi-stage on node:20-slim: build with npm ci, runtime with production dependencies only', () => {
    expect(froms).toEqual(['node:20-slim AS build', 'node:20-slim']);
    const runs = all.filter(([i]) => i === 'RUN').map(([, a]) => a);
    expect(runs).toContain('npm ci --ignore-scripts');
    expect(runs).toContain('npm run build');
    expect(finalStage.some(([i, a]) => i === 'RUN' && a.includes('npm ci --omit=dev'))).toBe(true);
    expect(finalStage.some(([i, a]) => i === 'COPY' && a.startsWith('--from=build /src/dist'))).toBe(true);
  });

  it('holds the dashboard\'s page where the built server looks for it: a reconciler with --listen reads it at start', () => {
    const at = finalStage.findIndex(([i, a]) => i === 'COPY' && a.startsWith('web/dashboard '));
    const copied = finalStage[at]?.[1].split(/\s+/)[1];
    // the WORKDIR in effect at that COPY, where dist/ was copied too
    const workdir = finalStage.slice(0, at).filter(([i]) => i === 'WORKDIR').at(-1)?.[1] ?? '/';
    const dist = finalStage.slice(0, at).find(([i, a]) => i === 'COPY' && a.startsWith('--from=build /src/dist'))?.[1].split(/\s+/).at(-1);
    expect(copied).toBe('./web/dashboard');
    // DASHBOARD_DIR is found from dist/server/ in the image, as from src/server/ here
    expect(resolve(workdir, dist ?? '', 'server', relative(resolve('src/server'), DASHBOARD_DIR))).toBe(resolve(workdir, copied ?? ''));
  });

  it('installs git in the runtime image', () => {
    expect(finalStage.some(([i, a]) => i === 'RUN' && /apt-get install -y --no-install-recommends [^&]*\bgit\b/.test(a))).toBe(true);
  });

  it('runs as a non-root user, with gitfed as the entrypoint', () => {
    const users = finalStage.filter(([i]) => i === 'USER').map(([, a]) => a);
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
    // numeric: Kubernetes' runAsNonRoot can only verify a numeric user
    expect(users[0]).toMatch(/^\d+:\d+$/);
    expect(finalStage.findIndex(([i]) => i === 'USER')).toBeLessThan(finalStage.findIndex(([i]) => i === 'ENTRYPOINT'));
    expect(all.at(-2)).toEqual(['ENTRYPOINT', '["node", "--max-semi-space-size=64", "/app/dist/cli/main.js"]']);
    expect(all.at(-1)).toEqual(['CMD', '["--help"]']);
  });

  it('.dockerignore keeps dependencies, build output and Git data out of the context', () => {
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['.git', 'node_modules', 'dist', 'test']));
  });
});

describe('examples/deploy', () => {
  const docs = readdirSync('examples/deploy').filter((f) => f.endsWith('.yaml')).flatMap((f) =>
    parseAllDocuments(readFileSync(join('examples/deploy', f), 'utf8')).map((d) => d.toJS() as { kind: string; metadata: { name: string }; spec?: unknown }));
  const deployment = docs.find((d) => d.kind === 'Deployment') as unknown as {
    spec: { template: { spec: { serviceAccountName: string; securityContext: { runAsNonRoot: boolean }; containers: {
      args: string[]; livenessProbe: { httpGet: { path: string } }; readinessProbe: { httpGet: { path: string } };
      resources: { requests: Record<string, string> }; env: { valueFrom?: { secretKeyRef?: { name: string } } }[];
    }[]; volumes: { secret?: { secretName: string } }[] } } };
  };

  it('has the namespace, ServiceAccount, Deployment and Service, and no Secret (only references)', () => {
    expect(docs.map((d) => d.kind).sort()).toEqual(['Deployment', 'Namespace', 'Service', 'ServiceAccount']);
  });

  it('runs gitfed reconcile with the mounted kubeconfig, a webhook listener and notes, probed on /healthz and /readyz', () => {
    const pod = deployment.spec.template.spec;
    const c = pod.containers[0];
    expect(c?.args).toEqual(expect.arrayContaining(['reconcile', '--kubeconfig', '/etc/gitfed/kubeconfig', '--listen', ':8080', '--status', 'notes']));
    expect(c?.livenessProbe.httpGet.path).toBe('/healthz');
    expect(c?.readinessProbe.httpGet.path).toBe('/readyz');
    expect(Object.keys(c?.resources.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
    expect(pod.serviceAccountName).toBe('gitfed');
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.volumes.some((v) => v.secret?.secretName === 'gitfed-kubeconfig')).toBe(true);
    expect(c?.env.some((e) => e.valueFrom?.secretKeyRef?.name === 'gitfed-tokens')).toBe(true);
  });
});

describe('deploy/agent', () => {
  const docs = readdirSync('deploy/agent').filter((f) => f.endsWith('.yaml')).flatMap((f) =>
    parseAllDocuments(readFileSync(join('deploy/agent', f), 'utf8')).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace?: string }; rules?: { apiGroups: string[]; resources: string[]; verbs: string[] }[] }));
  const deployment = docs.find((d) => d.kind === 'Deployment') as unknown as {
    spec: { replicas: number; template: { spec: { serviceAccountName: string; automountServiceAccountToken: boolean; securityContext: { runAsNonRoot: boolean }; containers: {
      args: string[]; livenessProbe: { httpGet: { path: string } }; readinessProbe: { httpGet: { path: string } };
    }[]; volumes: { secret?: unknown }[] } } };
  };
  const rules = (kind: string) => docs.find((d) => d.kind === kind)?.rules ?? [];
  const allows = (kind: string, group: string, resource: string, verb: string) => rules(kind).some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb));

  it('has the ServiceAccount, its RBAC and the Deployment, and no Secret (only references)', () => {
    expect(docs.map((d) => d.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'Deployment', 'Namespace', 'Role', 'RoleBinding', 'ServiceAccount']);
  });

  it('runs one gitfed agent per member with in-cluster config, probed on /healthz and /readyz through --listen', () => {
    const pod = deployment.spec.template.spec;
    const c = pod.containers[0];
    expect(deployment.spec.replicas).toBe(1);
    expect(c?.args).toEqual(expect.arrayContaining(['agent', '--cluster', '--repo', '--listen', ':8080']));
    expect(c?.args).not.toContain('--kubeconfig');
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(pod.serviceAccountName).toBe('gitfed-agent');
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(c?.livenessProbe.httpGet.path).toBe('/healthz');
    expect(c?.readinessProbe.httpGet.path).toBe('/readyz');
    expect(pod.volumes.some((v) => v.secret)).toBe(false);
  });

  it('may read Nodes and Pods (capacity) but never write them, and keeps its inventory in gitfed-system only', () => {
    for (const r of ['nodes', 'pods']) {
      expect(allows('ClusterRole', '', r, 'list')).toBe(true);
      expect(['create', 'patch', 'delete'].some((v) => allows('ClusterRole', '', r, v))).toBe(false);
    }
    expect(docs.find((d) => d.kind === 'Role')?.metadata.namespace).toBe('gitfed-system');
    expect(allows('Role', '', 'configmaps', 'patch')).toBe(true);
    // nothing outside what it applies: no wildcard, no Secrets, no RBAC objects
    expect(rules('ClusterRole').some((r) => r.resources.includes('*') || r.verbs.includes('*') || r.resources.includes('secrets'))).toBe(false);
  });
});

describe('deploy/replicas', () => {
  const files = readdirSync('deploy/replicas').filter((f) => f.endsWith('.yaml'));
  const docs = files.filter((f) => f !== 'kustomization.yaml').flatMap((f) =>
    parseAllDocuments(readFileSync(join('deploy/replicas', f), 'utf8')).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace?: string }; rules?: { apiGroups: string[]; resources: string[]; verbs: string[] }[]; spec?: Record<string, unknown> }));
  const deployment = docs.find((d) => d.kind === 'Deployment') as unknown as {
    spec: { replicas: number; template: { spec: { serviceAccountName: string; containers: {
      args: string[]; livenessProbe: { httpGet: { path: string } }; readinessProbe: { httpGet: { path: string } };
    }[] } } };
  };

  it('has the ServiceAccount, a Role for Leases, N replicas, a PodDisruptionBudget, and a kustomization listing every file', () => {
    expect(docs.map((d) => d.kind).sort()).toEqual(['Deployment', 'Namespace', 'PodDisruptionBudget', 'Role', 'RoleBinding', 'Service', 'ServiceAccount']);
    const kustomization = parseAllDocuments(readFileSync('deploy/replicas/kustomization.yaml', 'utf8'))[0]?.toJS() as { resources: string[] };
    expect([...kustomization.resources].sort()).toEqual(files.filter((f) => f !== 'kustomization.yaml').sort());
    expect(docs.find((d) => d.kind === 'PodDisruptionBudget')?.spec).toMatchObject({ maxUnavailable: 1 });
  });

  it('the Role allows Leases in gitfed-system and nothing else (no delete, no wildcard)', () => {
    const rules = docs.find((d) => d.kind === 'Role')?.rules ?? [];
    expect(docs.find((d) => d.kind === 'Role')?.metadata.namespace).toBe('gitfed-system');
    expect(rules).toEqual([{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update'] }]);
  });

  it('runs several sharded replicas taking Leases in gitfed-system, probed on /healthz and /readyz', () => {
    const c = deployment.spec.template.spec.containers[0];
    expect(deployment.spec.replicas).toBeGreaterThan(1);
    expect(c?.args).toEqual(expect.arrayContaining(['reconcile', '--shard', '--lease-namespace', 'gitfed-system', '--listen', ':8080', '--kubeconfig']));
    expect(deployment.spec.template.spec.serviceAccountName).toBe('gitfed');
    expect(c?.livenessProbe.httpGet.path).toBe('/healthz');
    expect(c?.readinessProbe.httpGet.path).toBe('/readyz');
  });
});
