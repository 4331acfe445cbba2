// Jest setup for the "integration" project: tests run against a PostgreSQL server (DATABASE_URL or the local one).
process.env.CARELINE_TEST_DB = 'postgres';
