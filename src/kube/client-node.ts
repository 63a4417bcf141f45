/**
 * @kubernetes/client-node as one module. The build bundles this file with the package it re-exports
 * (scripts/bundle-client-node.mjs): client-node 1.x is about 2,500 files, and loading them one by one took
 * about 0.65 s of every start that talks to a cluster; one bundled module takes about 0.15 s. Only the two
 * adapters import it (lint/layers.js).
 */
// only what the adapters use: the bundle keeps these and what they need, and leaves the rest of the package out
export {
  createConfiguration, HttpMethod, KubeConfig, KubernetesObjectApi, PatchStrategy, RequestContext, ServerConfiguration, Watch,
} from '@kubernetes/client-node';
export type { KubernetesObject, Middleware, SecurityAuthentication } from '@kubernetes/client-node';
