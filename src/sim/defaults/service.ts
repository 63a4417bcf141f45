import type { JsonObject } from '../../model/kube.js';
import { child, objectsAt, setDefault } from './util.js';
import { isPlainObject } from '../../kube/plain-object.js';

/** defaultService is SetDefaults_Service plus the registry's IP family and cluster IP allocation (§5.4). */
export function defaultService(obj: JsonObject, allocateClusterIP: () => string): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'ClientIP') setDefault(child(child(spec, 'sessionAffinityConfig'), 'clientIP'), 'timeoutSeconds', 10800);
  for (const port of objectsAt(spec, 'ports')) {
    setDefault(port, 'protocol', 'TCP');
    if (port.targetPort === undefined || port.targetPort === null || port.targetPort === 0) port.targetPort = port.port ?? 0;
  }
  const type = spec.type;
  if (type === 'ExternalName') return;
  setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (type === 'NodePort' || type === 'LoadBalancer') setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  allocateIPs(spec, allocateClusterIP);
  if (!isPlainObject(obj.status)) obj.status = { loadBalancer: {} };
}

function allocateIPs(spec: JsonObject, allocateClusterIP: () => string): void {
  const ips = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  if (typeof spec.clusterIP !== 'string' || spec.clusterIP === '') {
    spec.clusterIP = typeof ips[0] === 'string' && ips[0] !== '' ? ips[0] : allocateClusterIP();
  }
  if (ips.length === 0) spec.clusterIPs = [spec.clusterIP];
  const headlessSelectorless = spec.clusterIP === 'None' && !isPlainObject(spec.selector);
  // headless and selectorless services get both families even on a single-stack cluster
  setDefault(spec, 'ipFamilyPolicy', headlessSelectorless ? 'RequireDualStack' : 'SingleStack');
  if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) {
    spec.ipFamilies = headlessSelectorless ? ['IPv4', 'IPv6'] : ['IPv4'];
  }
}
