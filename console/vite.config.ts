import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// `@shared/<feature>/<file>` imports one browser-safe module of shared (vocabulary, one schema) without the whole
// `@careline/shared` index, whose every zod schema would otherwise land in the first bundle.
const sharedSource = fileURLToPath(new URL('../shared/src/', import.meta.url));

/**
 * In the build, each `shared/src/contracts/*.contracts.ts` module becomes only the method and path of its contracts
 * (console/scripts/contract-routes.ts reads them off the real modules): the typed client (src/lib/api.ts) needs no
 * more at run time, and the schemas (zod) stay out of the bundle. The dev server serves the real modules.
 */
function contractRoutesOnly(): Plugin {
  let modules: Record<string, Record<string, unknown>> = {};
  return {
    name: 'careline-contract-routes-only',
    apply: 'build',
    buildStart() {
      const tsx = createRequire(import.meta.url).resolve('tsx/cli');
      const script = fileURLToPath(new URL('./scripts/contract-routes.ts', import.meta.url));
      modules = JSON.parse(execFileSync(process.execPath, [tsx, script], { encoding: 'utf8' }));
    },
    load(id) {
      const routes = modules[id.split('?')[0]];
      if (!routes) return null;
      return Object.entries(routes)
        .map(([name, value]) => `export const ${name} = ${JSON.stringify(value)};`)
        .join('\n');
    },
  };
}

// The API (npm start) listens on 8080 by default; CONSOLE_API_URL points the dev server elsewhere.
const apiUrl = process.env.CONSOLE_API_URL ?? 'http://localhost:8080';

export default defineConfig({
  resolve: {
    alias: [{ find: /^@shared\/(?!server(\/|$))(.*)$/, replacement: `${sharedSource}$2` }],
  },
  plugins: [
    react(),
    contractRoutesOnly(),
    {
      // shared/src/server holds the database and queues: it must never reach the browser bundle.
      name: 'careline-no-server-imports',
      enforce: 'pre',
      resolveId(source, importer) {
        if (source === '@careline/shared/server' || /^@shared\/server(\/|$)/.test(source) || /shared\/src\/server(\/|$)/.test(source)) {
          throw new Error(`The console may not import server-only code: ${source} (from ${importer ?? '?'})`);
        }
        return null;
      },
    },
  ],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiUrl, changeOrigin: false },
      '/socket.io': { target: apiUrl, ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
});
