const preset = require('../../../tools/jest/preset');

module.exports = { ...preset, displayName: 'server-core', rootDir: __dirname };
