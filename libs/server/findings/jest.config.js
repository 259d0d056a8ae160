const preset = require('../../../tools/jest/preset');

module.exports = { ...preset, displayName: 'server-findings', rootDir: __dirname };
