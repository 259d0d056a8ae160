// One webpack setup for the Node applications (api, worker): bundles the app and the workspace
// libraries (resolved through the tsconfig path aliases) into dist/apps/<name>/main.js; npm packages
// stay external and are loaded from node_modules at run time.
const path = require('node:path');
const nodeExternals = require('webpack-node-externals');
const { TsconfigPathsPlugin } = require('tsconfig-paths-webpack-plugin');

const root = path.resolve(__dirname, '../..');

module.exports = function nodeApp(name) {
  return {
    mode: 'none',
    target: 'node',
    context: root,
    entry: path.join(root, 'apps', name, 'src/main.ts'),
    devtool: 'source-map',
    output: {
      path: path.join(root, 'dist/apps', name),
      filename: 'main.js',
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.js', '.json'],
      plugins: [new TsconfigPathsPlugin({ configFile: path.join(root, 'apps', name, 'tsconfig.app.json') })],
    },
    externalsPresets: { node: true },
    externals: [nodeExternals({ modulesDir: path.join(root, 'node_modules') })],
    module: {
      rules: [
        {
          test: /\.ts$/,
          loader: 'ts-loader',
          options: { configFile: path.join(root, 'apps', name, 'tsconfig.app.json'), transpileOnly: true },
        },
      ],
    },
    optimization: { minimize: false, nodeEnv: false },
    node: { __dirname: false, __filename: false },
    stats: 'errors-warnings',
  };
};
