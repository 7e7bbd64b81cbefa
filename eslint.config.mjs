// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';

/**
 * Module boundaries (docs/architecture.md). Role faces are the HTTP faces of
 * one audience: controllers and their request/response DTOs, no rules. Domain
 * modules hold the rules and the I/O and never know who calls them.
 */
const ROLE_FACES = ['admin', 'doctor', 'patient', 'desk', 'fhir'];

const boundaryElements = [
  ...ROLE_FACES.map((face) => ({ type: `face-${face}`, pattern: `apps/api/src/${face}`, partialMatch: false })),
  { type: 'domain', pattern: 'apps/api/src/*', capture: ['module'], partialMatch: false },
  { type: 'web', pattern: 'apps/web', partialMatch: false },
  { type: 'shared-lib', pattern: 'libs/shared', partialMatch: false },
  { type: 'api-client', pattern: 'libs/api-client', partialMatch: false },
];
const faceTypes = ROLE_FACES.map((face) => `face-${face}`);
const apiTypes = ['domain', ...faceTypes];
// Composition root: main.ts, app.module.ts, bootstrap.ts, openapi.ts wire everything together.
const boundaryFiles = [{ category: 'api-root', pattern: 'apps/api/src/*.ts' }];
const toApiRoot = { to: { file: { categories: 'api-root' } } };

/** Longest function parameter list; constructors (dependency injection) get their own, higher limit. */
export const MAX_FUNCTION_PARAMS = 5;
export const MAX_CONSTRUCTOR_PARAMS = 8;

/** Exported for the test of this configuration (test/lint). */
export const boundaryPolicies = [
  {
    from: { element: { type: 'domain' } },
    disallow: [{ to: { element: { types: { anyOf: faceTypes } } } }, toApiRoot],
    message:
      'A domain module must not import a role face or the composition root; move the shared part into a domain module.',
  },
  ...faceTypes.map((face) => ({
    from: { element: { type: face } },
    disallow: [{ to: { element: { types: { anyOf: faceTypes.filter((other) => other !== face) } } } }, toApiRoot],
    message: 'A role face must not import another role face; move the shared DTO or rule into a domain module.',
  })),
  {
    from: { element: { type: 'web' } },
    disallow: [{ to: { element: { types: { anyOf: apiTypes } } } }, toApiRoot],
    message: 'The web app imports only libs/shared and libs/api-client, never apps/api.',
  },
  {
    from: { element: { types: { anyOf: ['shared-lib', 'api-client'] } } },
    disallow: [{ to: { element: { types: { anyOf: [...apiTypes, 'web'] } } } }, toApiRoot],
    message: 'libs/ depend on nothing in apps/.',
  },
];

/** Facts reach listeners through the unit of work only (DomainEvents.flush/dispatch). */
const UNIT_OF_WORK_ONLY = ['flush', 'dispatch'].map((property) => ({
  property,
  message: 'Record the fact in a unit of work (unit.run + tx.record); only UnitOfWork runs the handlers.',
}));

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.angular/**',
      'data/**',
      'libs/api-client/src/generated/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': boundaryElements,
      'boundaries/files': boundaryFiles,
      'boundaries/legacy-templates': false,
      'import/resolver': {
        typescript: {
          project: ['./apps/api/tsconfig.spec.json', './apps/web/tsconfig.app.json', './apps/web/tsconfig.spec.json'],
          noWarnOnMultipleProjects: true,
        },
      },
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'allow', policies: boundaryPolicies }],
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'no-restricted-syntax': [
        'error',
        {
          selector: `:function[params.length>${MAX_FUNCTION_PARAMS}]:not(MethodDefinition[kind='constructor'] > FunctionExpression)`,
          message: `A function takes at most ${MAX_FUNCTION_PARAMS} parameters; pass an object.`,
        },
        {
          selector: `MethodDefinition[kind='constructor'] > FunctionExpression[params.length>${MAX_CONSTRUCTOR_PARAMS}]`,
          message: `A constructor takes at most ${MAX_CONSTRUCTOR_PARAMS} collaborators; split the class along its seams.`,
        },
      ],
    },
  },
  {
    files: ['apps/api/**/*.ts', 'libs/shared/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: {
      parserOptions: { project: ['./apps/api/tsconfig.spec.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through AppConfig (apps/api/src/config).' },
        ...UNIT_OF_WORK_ONLY,
      ],
    },
  },
  {
    // The one caller of DomainEvents' flush and dispatch.
    files: ['apps/api/src/common/events/unit-of-work.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through AppConfig (apps/api/src/config).' },
      ],
    },
  },
  {
    files: ['apps/web/**/*.ts'],
    languageOptions: {
      parserOptions: {
        project: ['./apps/web/tsconfig.app.json', './apps/web/tsconfig.spec.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/apps/api/**'], message: 'The web app imports only libs/.' }] },
      ],
    },
  },
  {
    files: ['apps/api/src/config/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
