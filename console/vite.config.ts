import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `@shared/<feature>/<file>` imports one browser-safe module of shared (vocabulary, one schema) without the whole
// `@careline/shared` index, whose every zod schema would otherwise land in the first bundle.
const sharedSource = fileURLToPath(new URL('../shared/src/', import.meta.url));

// The API (npm start) listens on 8080 by default; CONSOLE_API_URL points the dev server elsewhere.
const apiUrl = process.env.CONSOLE_API_URL ?? 'http://localhost:8080';

export default defineConfig({
  resolve: {
    alias: [{ find: /^@shared\/(?!server(\/|$))(.*)$/, replacement: `${sharedSource}$2` }],
  },
  plugins: [
    react(),
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
