const preset = require('../../tools/jest/preset');

module.exports = {
  ...preset,
  displayName: 'ml',
  rootDir: __dirname,
  // onnxruntime-node needs the outer realm's typed arrays (STACK.md G6)
  testEnvironment: require.resolve('../../tools/jest/ort-environment.js'),
  testTimeout: 60000,
};
