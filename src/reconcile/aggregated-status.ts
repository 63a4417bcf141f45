/**
 * A custom kind's status summed over the members its own way, as Karmada writes it back to the resource template:
 * AggregateStatus(template, items), each member's item holding what ReflectStatus read of its copy. Only kinds with
 * a statusAggregation customization (the repository's, or a built-in one such as OpenKruise's) get one.
 */
import type { StatusItem } from '../kube/interpreter/interpreter.js';
import { parseKey } from '../kube/object-ref.js';
import type { Catalog } from '../model/catalog.js';
import { asGitfedError } from '../model/errors.js';
import type { JsonValue } from '../model/kube.js';
import type { MemberRead } from './applied-health.js';
import { interpreterOf } from './interpreter-of.js';

/** Aggregated is what `gitfed status --format json` adds to a template of such a kind. */
export interface Aggregated {
  /** the template's `status` as AggregateStatus returned it */
  aggregatedStatus?: JsonValue;
  /** why AggregateStatus or a member's ReflectStatus failed */
  aggregatedStatusError?: string;
}

/** aggregatedStatusOf sums one template's members; undefined when its kind has no statusAggregation customization. */
export function aggregatedStatusOf(catalog: Pick<Catalog, 'templates' | 'customizations'>, resource: string, members: readonly { cluster: string; health: StatusItem['health'] }[], reads: ReadonlyMap<string, MemberRead>): Aggregated | undefined {
  const interpreter = interpreterOf(catalog);
  // the key says the kind: most templates stop here, before any search
  if (!interpreter.has(parseKey(resource), 'statusAggregation')) return undefined;
  const template = catalog.templates.find((t) => t.key === resource)?.object;
  if (!template) return undefined;
  try {
    const items = members.map((m): StatusItem => {
      const live = reads.get(m.cluster)?.live.get(resource);
      const status = live ? interpreter.reflectStatus(live) : undefined;
      return { clusterName: m.cluster, ...(status !== undefined ? { status } : {}), applied: live !== undefined, health: m.health };
    });
    const status = interpreter.aggregateStatus(template, items).status as JsonValue | undefined;
    return status === undefined ? {} : { aggregatedStatus: status };
  } catch (err) {
    return { aggregatedStatusError: asGitfedError(err, 'InterpretFailed').message };
  }
}
