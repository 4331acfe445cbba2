import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema and checked in; the app applies them at start (`migrate()` in shared/src/server/db/client.ts), or `npm run db:migrate`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './shared/src/server/db/schema.ts',
  out: './shared/src/server/db/migrations',
});
