import { describe, expect, it } from 'vitest';
import type { ClusterAffinity } from '../../../../src/model/policy.js';
import { clusterMatches } from '../../../../src/render/selectors/cluster-affinity.js';
import { makeCluster } from '../../../helpers/builders.js';

const plain = makeCluster('m1', { labels: { env: 'prod' }, provider: 'aws', region: 'eu', zones: ['eu-a', 'eu-b'] });
const bare = makeCluster('m2');

describe('clusterMatches', () => {
  it.each<[string, ClusterAffinity, typeof plain, boolean]>([
    ['an empty affinity matches every cluster', {}, plain, true],
    ['an empty affinity matches a cluster without fields', {}, bare, true],
    ['exclude wins over clusterNames', { clusterNames: ['m1'], exclude: ['m1'] }, plain, false],
    ['exclude wins over a matching labelSelector', { labelSelector: { matchLabels: { env: 'prod' } }, exclude: ['m1'] }, plain, false],
    ['exclude of another cluster does not matter', { exclude: ['m2'] }, plain, true],
    ['clusterNames must list the cluster', { clusterNames: ['m2'] }, plain, false],
    ['clusterNames listing the cluster matches', { clusterNames: ['m2', 'm1'] }, plain, true],
    ['labelSelector and clusterNames must both hold', { labelSelector: { matchLabels: { env: 'dev' } }, clusterNames: ['m1'] }, plain, false],
    ['labelSelector matchExpressions In matches', { labelSelector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] } }, plain, true],
    ['an invalid labelSelector matches nothing', { labelSelector: { matchExpressions: [{ key: 'env', operator: 'In', values: [] }] } }, plain, false],
    ['provider In matches', { fieldSelector: { matchExpressions: [{ key: 'provider', operator: 'In', values: ['aws'] }] } }, plain, true],
    ['provider In fails on another provider', { fieldSelector: { matchExpressions: [{ key: 'provider', operator: 'In', values: ['gcp'] }] } }, plain, false],
    ['NotIn on region matches a cluster without a region', { fieldSelector: { matchExpressions: [{ key: 'region', operator: 'NotIn', values: ['eu'] }] } }, bare, true],
    ['In on region fails on a cluster without a region', { fieldSelector: { matchExpressions: [{ key: 'region', operator: 'In', values: ['eu'] }] } }, bare, false],
    ['NotIn on region fails on a listed region', { fieldSelector: { matchExpressions: [{ key: 'region', operator: 'NotIn', values: ['eu'] }] } }, plain, false],
    ['provider In without values matches nothing', { fieldSelector: { matchExpressions: [{ key: 'provider', operator: 'In', values: [] }] } }, plain, false],
    ['zone In fails on a cluster with no zones', { fieldSelector: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['eu-a'] }] } }, bare, false],
    ['zone NotIn holds on a cluster with no zones', { fieldSelector: { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['eu-a'] }] } }, bare, true],
    ['zone In matches when the cluster zones are listed', { fieldSelector: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['eu-a', 'eu-b'] }] } }, plain, true],
    ['zone In matches when any of the cluster zones is listed (Karmada v1.18+)', { fieldSelector: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['eu-a'] }] } }, plain, true],
    ['zone In fails when none of the cluster zones is listed', { fieldSelector: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['eu-c'] }] } }, plain, false],
    ['zone NotIn fails when one cluster zone is listed', { fieldSelector: { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['eu-b'] }] } }, plain, false],
    ['field expressions are ANDed', {
      fieldSelector: { matchExpressions: [
        { key: 'provider', operator: 'In', values: ['aws'] },
        { key: 'region', operator: 'In', values: ['us'] },
      ] },
    }, plain, false],
    ['an empty fieldSelector matches', { fieldSelector: {} }, plain, true],
    ['label, field and name selectors together match', {
      labelSelector: { matchLabels: { env: 'prod' } },
      fieldSelector: { matchExpressions: [{ key: 'provider', operator: 'In', values: ['aws'] }] },
      clusterNames: ['m1'],
    }, plain, true],
  ])('%s', (_name, affinity, cluster, expected) => {
    expect(clusterMatches(cluster, affinity)).toBe(expected);
  });
});
