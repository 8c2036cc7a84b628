import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'coverage/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['src-renderer/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The engine and the store are plain Node: they never see Electron, and the engine knows
    // nothing of HTTP, WebSockets or SQL (docs/style.md, "Boundaries").
    files: ['src-main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'better-sqlite3', 'ws', 'fastify', 'node:http', 'http', 'faye'],
          patterns: ['../store/*', '../esp/*', '../gms/*', '../console/*', '../electron/*'],
        },
      ],
    },
  },
  {
    // Only the Electron shell, its composition root and the preload may import electron.
    files: ['src-main/**/*.ts', 'src-shared/**/*.ts', 'src-renderer/**/*.{ts,vue}'],
    ignores: [
      'src-main/electron/**',
      'src-main/index.ts',
      'src-main/preload/**',
      'src-main/engine/**',
      'src-main/store/**',
    ],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'] }] },
  },
  {
    files: ['src-main/store/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron', 'ws', 'fastify'] }] },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['electron', 'vue', 'pinia'], patterns: ['node:*', '../src-main/*'] },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.mjs', 'bench/**/*.mjs', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // bin/ is plain CommonJS so that it runs on any Node without a loader.
    files: ['bin/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
)
