const preset = require('../../../tools/jest/preset');

module.exports = { ...preset, displayName: 'server-expenses', rootDir: __dirname };
