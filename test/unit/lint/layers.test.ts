import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

/** problems lints a line of code as if it were the file at path, returning the layer rule's messages. */
async function problems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const x = 1;\n`, { filePath: path });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/direction').map((m) => m.message);
}

describe('imports in src/ run one way, and lint fails on a violation', () => {
  it.each([
    ['a stage importing another stage', 'src/apply/a.ts', "import { x } from '../drift/detect.js';", /src\/apply may not import src\/drift/],
    ['a stage importing reconcile', 'src/drift/a.ts', "import { x } from '../reconcile/cycle.js';", /src\/drift may not import src\/reconcile/],
    ['kube importing a stage', 'src/kube/a.ts', "import { x } from '../render/index.js';", /src\/kube may not import src\/render/],
    ['model importing kube', 'src/model/a.ts', "import { x } from '../kube/object-ref.js';", /src\/model may not import src\/kube/],
    ['a re-export counts too', 'src/sim/a.ts', "export { x } from '../apply/prune.js';", /src\/sim may not import src\/apply/],
    ['isomorphic-git outside src/git', 'src/drift/reporters/a.ts', "import git from 'isomorphic-git';", /only src\/git\/ imports isomorphic-git/],
    ['client-node outside its one adapter', 'src/kube/other.ts', "import { KubeConfig } from '@kubernetes/client-node';", /only src\/kube\/kube-client.ts and src\/kube\/health-probe.ts and src\/kube\/lease-client.ts and src\/kube\/kube-auth.ts import @kubernetes\/client-node/],
    ['client-node through its bundled stand-in', 'src/apply/a.ts', "import { KubeConfig } from '../kube/client-node.js';", /only src\/kube\/kube-client.ts and src\/kube\/health-probe.ts and src\/kube\/lease-client.ts and src\/kube\/kube-auth.ts import @kubernetes\/client-node/],
  ])('%s is an error', async (_name, path, code, message) => {
    expect(await problems(path, code)).toEqual([expect.stringMatching(message)]);
  });

  it.each([
    ['reconcile composing the stages', 'src/reconcile/a.ts', "import { x } from '../apply/prune.js';"],
    ['a stage using kube and model', 'src/render/load/a.ts', "import { x } from '../../kube/quantity.js';\nimport { y } from '../../model/kube.js';"],
    ['a folder of a stage named like a layer', 'src/sim/controllers/a.ts', "import { x } from '../server/api.js';"],
    ['the git adapter using isomorphic-git', 'src/git/a.ts', "import git from 'isomorphic-git';"],
    ['the health probe reading the kubeconfig with client-node', 'src/kube/health-probe.ts', "import { KubeConfig } from '@kubernetes/client-node';"],
    ['the lease client reading the kubeconfig with client-node', 'src/kube/lease-client.ts', "import { KubeConfig } from '@kubernetes/client-node';"],
    ['the kube client authentication asking client-node', 'src/kube/kube-auth.ts', "import { RequestContext } from './client-node.js';"],
    ['the adapter importing the bundled stand-in', 'src/kube/kube-client.ts', "import { Watch } from './client-node.js';"],
    ['the stand-in re-exporting the package', 'src/kube/client-node.ts', "export * from '@kubernetes/client-node';"],
    ['the cli using everything', 'src/cli/a.ts', "import { x } from '../reconcile/cycle.js';\nimport { y } from '../sim/fleet.js';"],
  ])('%s is allowed', async (_name, path, code) => {
    expect(await problems(path, code)).toEqual([]);
  });
});
