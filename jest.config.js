// Unit tests run once; integration tests run against a PostgreSQL server and once more on embedded PGlite.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
// otplib's base32 and hash plugins (@scure, @noble) ship ES modules only: jest's CommonJS runtime needs them compiled.
const transformIgnorePatterns = ['/node_modules/(?!(@scure|@noble)/)'];
// The console's pure modules (e.g. the report page's URL query), which tests import, reach shared through Vite's alias.
const moduleNameMapper = { '^@shared/(.*)$': '<rootDir>/shared/src/$1' };
const common = { transform, transformIgnorePatterns, moduleNameMapper, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };
const integration = common;
// Every test process writes and verifies audit chains with the same fixed test keys (test/helpers/audit-test-keys.ts).
const auditKeys = '<rootDir>/test/helpers/audit-test-keys.ts';
// Run once, on the PostgreSQL server only: files whose subject is the HTTP layer, sign-in, Redis or the socket, not the
// database (the HTTP edge, its contracts and words), gain nothing from a second run on PGlite and cost minutes there
// (PGlite runs everything two to three times slower).
const notAboutTheDatabase = [
  'auth', 'auth-limits', 'auth-password', 'mfa', 'mfa-socket', 'csrf', 'http-edge', 'security-headers', 'console-static',
  'fuzz-routes', 'realtime', 'redis-discovery', 'shared-redis', 'malformed-requests', 'contracts', 'localized-names',
].map((name) => `/test/integration/${name}\\.test\\.ts$`);
// Also once: files that compare two code paths, or sweep every role over every read, with statements that other files
// run on PGlite too — the in-process report index against the SQL report (reports.test.ts runs the SQL report there),
// the routing preview against the save (routing.test.ts), and the cross-party sweep (scoping.test.ts runs the
// era-scoped reads there). Together they were a fifth of the PGlite run. Every other file that reads or writes
// tickets, clocks, chains, reports or configuration runs on both.
const pathsComparedOnce = ['report-index', 'routing-preview-agrees', 'cross-party-sweep'].map((name) => `/test/integration/${name}\\.test\\.ts$`);

module.exports = {
  maxWorkers: 2,
  // The run's id, naming the seeded databases test servers copy; the teardown removes them (test/helpers/test-server.ts).
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  // Integration files start a server on a fresh database and seed it: allow for that in hooks.
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      setupFiles: [auditKeys],
    },
    {
      ...integration,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/helpers/use-postgres-server.ts', auditKeys],
      // *.embedded.test.ts exercise the embedded mode itself (npm start, the CLI on a PGlite folder): run them once.
      testPathIgnorePatterns: ['\\.embedded\\.test\\.ts$'],
    },
    {
      ...integration,
      displayName: 'integration-pglite',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/helpers/use-pglite.ts', auditKeys],
      // *.server.test.ts run separate processes against the same database, which an in-memory PGlite cannot share.
      testPathIgnorePatterns: ['\\.server\\.test\\.ts$', ...notAboutTheDatabase, ...pathsComparedOnce],
    },
    {
      // Browser tests: the built console in Debian's Chromium against the API, workers and realtime gateway on a
      // PostgreSQL server. The console is (re)built once per run when missing or stale.
      ...integration,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/helpers/use-postgres-server.ts', auditKeys],
      setupFilesAfterEnv: ['<rootDir>/test/e2e/helpers/e2e-timeout.ts'],
      globalSetup: '<rootDir>/test/e2e/helpers/global-setup.ts',
    },
  ],
};
