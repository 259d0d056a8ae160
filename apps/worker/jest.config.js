const preset = require('../../tools/jest/preset');

module.exports = {
  ...preset,
  displayName: 'worker',
  rootDir: __dirname,
  // a real PostgreSQL for the run; each test file gets its own database
  globalSetup: '<rootDir>/../../tools/jest/global-setup.mjs',
  globalTeardown: '<rootDir>/../../tools/jest/global-teardown.mjs',
  testTimeout: 30000,
  // the app runs the ML, which uses onnxruntime-node (STACK.md G6)
  testEnvironment: require.resolve('../../tools/jest/ort-environment.js'),
};
