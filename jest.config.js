/** Tests import the TypeScript sources through @swc/jest; CLI tests run the built dist/. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests', '<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  testTimeout: 60000,
  maxWorkers: 2,
  globalSetup: '<rootDir>/tests/setup/tmpdir.js',
  globalTeardown: '<rootDir>/tests/setup/tmpdir-teardown.js',
};
