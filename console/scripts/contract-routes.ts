/**
 * Prints, for every `shared/src/contracts/*.contracts.ts` module, the method and path of each contract it exports
 * (JSON on stdout). The console's build (vite.config.ts) serves these instead of the modules themselves: the browser
 * needs a contract's method and path at run time, and its schemas only as types, which the type checker reads from
 * the real modules. So the endpoint contracts stay one definition, and zod stays out of the first page's bundle.
 *
 *   npx tsx console/scripts/contract-routes.ts
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CONTRACTS_DIR = fileURLToPath(new URL('../../shared/src/contracts/', import.meta.url));

type Route = { method: string; path: string };

const isContract = (value: unknown): value is Route =>
  typeof value === 'object' && value !== null && 'method' in value && 'path' in value && 'success' in value && 'access' in value;

async function main() {
  const modules: Record<string, Record<string, Route | Record<string, Route>>> = {};
  for (const file of readdirSync(CONTRACTS_DIR).filter((name) => name.endsWith('.contracts.ts'))) {
    const path = join(CONTRACTS_DIR, file);
    const exported = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    const routes: Record<string, Route | Record<string, Route>> = {};
    for (const [name, value] of Object.entries(exported)) {
      if (isContract(value)) routes[name] = { method: value.method, path: value.path };
      else if (value && typeof value === 'object' && Object.values(value).length > 0 && Object.values(value).every(isContract)) {
        routes[name] = Object.fromEntries(Object.entries(value as Record<string, Route>).map(([key, contract]) => [key, { method: contract.method, path: contract.path }]));
      }
    }
    modules[path] = routes;
  }
  process.stdout.write(JSON.stringify(modules));
}

void main();
