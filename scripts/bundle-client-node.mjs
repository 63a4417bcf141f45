// Rewrites dist/kube/client-node.js (a re-export of @kubernetes/client-node, built by tsc) as one module holding
// the package and its dependencies, so that a start loads one file rather than about 2,500 (src/kube/client-node.ts).
import { build } from 'esbuild';

const MODULE = 'dist/kube/client-node.js';

await build({
  entryPoints: [MODULE],
  outfile: MODULE,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // the bundled CommonJS dependencies call require(), which an ES module does not have of its own
  banner: { js: "import { createRequire as gitfedCreateRequire } from 'node:module';\nconst require = gitfedCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
