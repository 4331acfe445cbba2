// Jest setup for the "integration-pglite" project: the same tests, once more on embedded PGlite.
process.env.CARELINE_TEST_DB = 'pglite';
