// The direction of imports in src/ (DESIGN.md "Folders and the direction of imports"), as a lint rule:
// cli -> reconcile -> {git, render, apply, drift, observe, server, sim} -> kube -> model.
import { dirname, relative, resolve, sep } from 'node:path';

const STAGES = ['git', 'render', 'apply', 'drift', 'observe', 'server', 'sim'];

/** LAYERS maps each folder of src/ to the folders it may import from (besides itself). */
export const LAYERS = {
  model: [],
  kube: ['model'],
  ...Object.fromEntries(STAGES.map((s) => [s, ['kube', 'model']])),
  reconcile: [...STAGES, 'kube', 'model'],
  cli: ['reconcile', ...STAGES, 'kube', 'model'],
};

/**
 * PACKAGE_OWNERS: a protocol library that only its adapter in src/ may import (DESIGN.md principle 6). The
 * health probe is client-node's second adapter and the lease client its third: they read the kubeconfig's TLS and
 * credentials, nothing else; kube-auth is the kube client's authentication, split from it.
 */
export const PACKAGE_OWNERS = {
  'isomorphic-git': ['src/git/'],
  '@kubernetes/client-node': ['src/kube/kube-client.ts', 'src/kube/health-probe.ts', 'src/kube/lease-client.ts', 'src/kube/kube-auth.ts'],
};

/**
 * STAND_INS: a module of src/ that stands for a package (the build bundles client-node into it), so importing it
 * is importing that package. The stand-in itself may import the package.
 */
const STAND_INS = { 'src/kube/client-node': '@kubernetes/client-node' };

function layerOf(file) {
  const parts = file.split(sep);
  return parts[0] === 'src' && parts.length > 2 ? parts[1] : undefined;
}

function check(context, node, source) {
  if (typeof source !== 'string') return;
  const file = relative(context.cwd, context.filename);
  const from = layerOf(file);
  if (!from) return;
  const path = file.split(sep).join('/');
  const standIn = source.startsWith('.') ? STAND_INS[relative(context.cwd, resolve(dirname(context.filename), source)).split(sep).join('/').replace(/\.[jt]s$/, '')] : undefined;
  for (const [pkg, owners] of Object.entries(PACKAGE_OWNERS)) {
    const imported = source === pkg || source.startsWith(`${pkg}/`) || standIn === pkg;
    if (imported && !owners.some((owner) => path.startsWith(owner)) && STAND_INS[path.replace(/\.ts$/, '')] !== pkg) {
      context.report({ node, message: `only ${owners.join(' and ')} import${owners.length > 1 ? '' : 's'} ${pkg}; ask it through a port instead` });
    }
  }
  if (!source.startsWith('.')) return;
  const to = layerOf(relative(context.cwd, resolve(dirname(context.filename), source)));
  if (!to || to === from) return;
  if (!(LAYERS[from] ?? []).includes(to)) {
    context.report({ node, message: `src/${from} may not import src/${to}: imports run cli -> reconcile -> stages -> kube -> model; move what both need down` });
  }
}

/** layersPlugin holds the rule `layers/direction`. */
export const layersPlugin = {
  rules: {
    direction: {
      meta: { type: 'problem', schema: [], docs: { description: 'imports in src/ run one way' } },
      create(context) {
        const visit = (node) => check(context, node, node.source?.value);
        return { ImportDeclaration: visit, ExportNamedDeclaration: visit, ExportAllDeclaration: visit, ImportExpression: visit };
      },
    },
  },
};
