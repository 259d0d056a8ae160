const preset = require('../../tools/jest/preset');

module.exports = {
  ...preset,
  displayName: 'api',
  rootDir: __dirname,
  // a real PostgreSQL for the run; each test file gets its own database
  globalSetup: '<rootDir>/../../tools/jest/global-setup.mjs',
  globalTeardown: '<rootDir>/../../tools/jest/global-teardown.mjs',
  testTimeout: 30000,
};
