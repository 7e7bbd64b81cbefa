/** Every API suite: unit specs next to the code, black-box suites under test/. */
module.exports = {
  rootDir: '.',
  roots: ['<rootDir>/apps/api', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/test/e2e-browser/', '<rootDir>/apps/web/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/apps/api/tsconfig.spec.json' }],
    // ESM-only dependencies (Node loads them with require(esm); jest needs them as CommonJS).
    '^.+/node_modules/(content-disposition|fhir-kit-client)/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', esModuleInterop: true } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|fhir-kit-client)/)'],
  moduleNameMapper: {
    '^@hms/shared$': '<rootDir>/libs/shared/src/index.ts',
    // ESM-only, with no CommonJS entry: jest loads its ESM build, transformed above.
    '^fhir-kit-client$': '<rootDir>/node_modules/fhir-kit-client/dist/index.js',
  },
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  // Each worker owns one database (see global-setup); keep in step with TEST_WORKERS there.
  maxWorkers: 2,
  testTimeout: 60_000,
  forceExit: false,
};
