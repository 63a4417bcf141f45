// Bundles the command line (tsc's dist/cli/main.js and the render worker) into dist/bundle/: an entry, and a chunk
// per command that main.js imports when it runs. A start then loads a few files rather than about 480 (dist/ and the
// dependencies), which cut the import of `gitfed reconcile` from about 380 to 275 ms (BENCHMARKS.md, watch).
// dist/cli/main.js and dist/cli/render-worker.js become one-line modules that import their bundles, so every path
// that names them (package.json's bin, the image's ENTRYPOINT, the tests) runs the bundle.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { build } from 'esbuild';

const OUT = resolve('dist/bundle');
const ENTRIES = ['dist/cli/main.js', 'dist/cli/render-worker.js'];
const SHIM = '// the bundle of this module (scripts/bundle-cli.mjs)\n';

/**
 * keepImportMetaUrl gives each module the import.meta.url of its own file in dist/, not the chunk's it lands in:
 * modules find their data beside them (the interpreter's customizations, the worker, the dashboard's page).
 */
const keepImportMetaUrl = {
  name: 'keep-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.m?js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const own = JSON.stringify(relative(OUT, args.path).split('\\').join('/'));
      return { contents: text.replaceAll('import.meta.url', `new URL(${own}, import.meta.url).href`), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

for (const entry of ENTRIES) {
  if ((await readFile(entry, 'utf8')).includes(SHIM)) throw new Error(`${entry} is already a bundle's entry: run tsc (npm run build) first`);
}
await rm(OUT, { recursive: true, force: true });
await build({
  entryPoints: ENTRIES,
  outdir: OUT,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // pino starts transports from worker files beside its own (__dirname); gitfed uses none, but they stay loadable
  external: ['pino', 'thread-stream'],
  // the bundled CommonJS dependencies call require(), which an ES module does not have of its own
  banner: { js: "import { createRequire as gitfedBundleRequire } from 'node:module';\nconst require = gitfedBundleRequire(import.meta.url);" },
  plugins: [keepImportMetaUrl],
  logLevel: 'error',
});
for (const entry of ENTRIES) {
  const head = entry.endsWith('main.js') ? '#!/usr/bin/env node\n' : '';
  const target = relative(dirname(entry), resolve(OUT, entry.split('/').pop())).split('\\').join('/');
  await writeFile(entry, `${head}${SHIM}import '${target}';\n`);
}
