// Run TypeScript entry points (CLIs, benchmarks, migrations) without a build step:
// ts-node in transpile-only mode plus the workspace path aliases from tsconfig.base.json.
const path = require('node:path');
const Module = require('node:module');

const root = path.resolve(__dirname, '..');
const { compilerOptions } = require(path.join(root, 'tsconfig.base.json'));

require('ts-node').register({
  transpileOnly: true,
  project: path.join(root, 'tsconfig.base.json'),
  compilerOptions: { module: 'commonjs', sourceMap: true },
});

const aliases = Object.entries(compilerOptions.paths).map(([alias, [target]]) => [alias, path.join(root, target)]);
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveWithAliases(request, parent, isMain, options) {
  for (const [alias, target] of aliases) {
    if (request === alias) return originalResolve.call(this, target, parent, isMain, options);
  }
  return originalResolve.call(this, request, parent, isMain, options);
};
