const preset = require('../../../tools/jest/preset');

module.exports = {
  ...preset,
  displayName: 'server-analysis',
  rootDir: __dirname,
  // the ML library loads onnxruntime-node (STACK.md G6)
  testEnvironment: require.resolve('../../../tools/jest/ort-environment.js'),
  testTimeout: 60000,
};
