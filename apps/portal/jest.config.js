module.exports = require('../../tools/jest/angular-preset')(__dirname, 'portal');
