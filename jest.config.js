// `npm test`: every project's jest suite in one run, sharing one PostgreSQL (tools/jest/global-setup.mjs).
module.exports = {
  projects: [
    '<rootDir>/libs/ml/jest.config.js',
    '<rootDir>/libs/server/core/jest.config.js',
    '<rootDir>/libs/server/expenses/jest.config.js',
    '<rootDir>/libs/server/analysis/jest.config.js',
    '<rootDir>/libs/server/findings/jest.config.js',
    '<rootDir>/libs/reports/jest.config.js',
    '<rootDir>/apps/api/jest.config.js',
    '<rootDir>/apps/worker/jest.config.js',
    '<rootDir>/libs/web/jest.config.js',
    '<rootDir>/apps/console/jest.config.js',
    '<rootDir>/apps/portal/jest.config.js',
  ],
  // a global option: the projects' own testTimeout applies only when a project runs alone (jest -c <project>)
  testTimeout: 60_000,
  globalSetup: '<rootDir>/tools/jest/global-setup.mjs',
  globalTeardown: '<rootDir>/tools/jest/global-teardown.mjs',
};
