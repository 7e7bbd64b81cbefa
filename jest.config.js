/** Every API suite: unit specs next to the code, black-box suites under test/. */
const { SourceTextModule } = require('node:vm');

/**
 * Dependencies published only as ES modules that the code under test reaches
 * through require() (Node 20.19+ loads them natively with require(esm)). Jest
 * (run with --experimental-vm-modules, which dependencies' dynamic import()
 * needs) evaluates them natively on Node 24.9+; on older Nodes it needs them
 * transformed to CommonJS.
 */
const ESM_ONLY_PACKAGES = ['fhir-kit-client'];
const jestRequiresEsmNatively = typeof SourceTextModule?.prototype.hasAsyncGraph === 'function';
const esmOnlyTransform =
  ESM_ONLY_PACKAGES.length > 0 && !jestRequiresEsmNatively
    ? {
        [`^.+/node_modules/(?:${ESM_ONLY_PACKAGES.join('|')})/.+\\.js$`]: [
          'ts-jest',
          { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', esModuleInterop: true } },
        ],
      }
    : undefined;

module.exports = {
  rootDir: '.',
  roots: ['<rootDir>/apps/api', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/test/e2e-browser/', '<rootDir>/apps/web/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/apps/api/tsconfig.spec.json' }],
    ...esmOnlyTransform,
  },
  transformIgnorePatterns: esmOnlyTransform
    ? [`/node_modules/(?!(?:${ESM_ONLY_PACKAGES.join('|')})/)`]
    : ['/node_modules/'],
  moduleNameMapper: {
    '^@hms/shared$': '<rootDir>/libs/shared/src/index.ts',
    // ESM-only, with no CommonJS entry: jest loads its ESM build, transformed above.
    '^fhir-kit-client$': '<rootDir>/node_modules/fhir-kit-client/dist/index.js',
  },
  testEnvironment: 'node',
  reporters: ['default', '<rootDir>/test/support/skip-reporter.mjs'],
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  // Each worker owns one database (see global-setup); keep in step with TEST_WORKERS there.
  maxWorkers: 2,
  testTimeout: 60_000,
  forceExit: false,
};
