const preset = require('../../tools/jest/preset');

module.exports = {
  ...preset,
  displayName: 'reports',
  rootDir: __dirname,
  testTimeout: 60000,
};
