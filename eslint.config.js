import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', 'test-results/', 'playwright-report/', '.layer-probe-*/', '.bench-tmp-*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error', 'warn', 'log'] }],
      eqeqeq: 'error',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['scripts/**/*.mjs', '*.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    // An assertion only inside `catch` (a catch block, or a promise's .catch callback) passes when
    // nothing throws: assert on what was thrown outside it (expect(() => …).toThrow, or catch into
    // a variable and check it after the try). tests/unit/lint/catch-assertions.test.ts proves it fires.
    files: ['tests/**/*.{ts,tsx}', 'bench/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['CallExpression[callee.name="expect"]', 'CallExpression[callee.object.name="expect"]'].map((assertion) => ({
          selector: `:matches(CatchClause, CallExpression[callee.property.name="catch"] > :function) ${assertion}`,
          message: 'No assertions inside catch: they pass when nothing is thrown.',
        })),
      ],
    },
  },
  {
    // Playwright reads a test's fixtures from its first parameter, so an unused `{}` is its idiom.
    files: ['tests/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
);
