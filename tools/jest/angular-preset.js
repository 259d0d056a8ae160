// Jest for the Angular projects (console, portal, libs/web): jest-preset-angular in zoneless mode on jsdom,
// the workspace path aliases, and echarts/zrender (ESM) transformed (STACK.md G10).
const path = require('node:path');
const { compilerOptions } = require('../../tsconfig.base.json');

const root = path.resolve(__dirname, '../..');

module.exports = function angularJestConfig(projectDir, displayName) {
  const moduleNameMapper = {};
  for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
    moduleNameMapper[`^${alias.replace('/', '\\/')}$`] = path.join(root, target);
  }
  return {
    displayName,
    rootDir: projectDir,
    testEnvironment: 'jsdom',
    setupFilesAfterEnv: [path.join(__dirname, 'angular-test-setup.ts')],
    transform: {
      '^.+\\.(ts|mjs|js|html)$': [
        'jest-preset-angular',
        { tsconfig: '<rootDir>/tsconfig.spec.json', stringifyContentPathRegex: '\\.(html|svg)$' },
      ],
    },
    transformIgnorePatterns: ['node_modules/(?!(.*\\.mjs$|echarts/|zrender/|ngx-echarts/|tslib/))'],
    moduleFileExtensions: ['ts', 'html', 'js', 'json', 'mjs'],
    moduleNameMapper,
    testMatch: ['<rootDir>/src/**/?(*.)+(spec|test).ts'],
    snapshotSerializers: [
      'jest-preset-angular/build/serializers/no-ng-attributes',
      'jest-preset-angular/build/serializers/ng-snapshot',
      'jest-preset-angular/build/serializers/html-comment',
    ],
  };
};
