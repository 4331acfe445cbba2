/**
 * Console first load (ARCHITECTURE.md budget: ≤ 400 KB gzip of JavaScript on the first route). Builds the console
 * with Vite and its manifest, then follows the static imports from the entry plus one lazy route chunk — the sign-in
 * page, the agent workspace (an agent's first screen after signing in), the other main pages — and sums the gzip
 * size of each set of files. The CSS-in-JS of Ant Design is inside these figures; there are no CSS files.
 *
 *   npx tsx bench/console.bench.ts
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const CONSOLE_DIR = resolve(__dirname, '../console');
const DIST = join(CONSOLE_DIR, 'dist');
const BUDGET_KB = 400;

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

function closure(manifest: Record<string, ManifestChunk>, roots: string[]): Set<string> {
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  roots.forEach(visit);
  return files;
}

function gzipKb(files: Iterable<string>): { kb: number; rawKb: number; count: number } {
  let gzip = 0;
  let raw = 0;
  let count = 0;
  for (const file of files) {
    if (!file.endsWith('.js')) continue;
    const content = readFileSync(join(DIST, file));
    raw += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
    count += 1;
  }
  return { kb: gzip / 1024, rawKb: raw / 1024, count };
}

async function main(): Promise<void> {
  const { build } = await import('vite');
  const started = Date.now();
  await build({ root: CONSOLE_DIR, configFile: join(CONSOLE_DIR, 'vite.config.ts'), logLevel: 'warn', build: { manifest: true } });
  const buildSeconds = (Date.now() - started) / 1000;
  const manifest = JSON.parse(readFileSync(join(DIST, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
  if (!entry) throw new Error('no entry chunk in the manifest');
  // A page module by name (`WorkspacePage` → WorkspacePage.tsx), or a chunk module by file name (`qa-area.ts`).
  const routeKey = (name: string) =>
    Object.keys(manifest).find((key) => (key.endsWith(`/${name}.tsx`) || key.endsWith(`/${name}`)) && manifest[key].isDynamicEntry);
  const signInKey = routeKey('SignInPage');
  // The sign-in page is its own lazy chunk: what /login loads is the entry plus that chunk.
  const signIn = gzipKb(closure(manifest, signInKey ? [entry, signInKey] : [entry]));
  const routes: Array<[string, string]> = [
    ['agent workspace (/workspace)', 'WorkspacePage'],
    ['ticket queues (/tickets)', 'TicketQueuePage'],
    ['ticket page (/tickets/:id)', 'TicketPage'],
    ['dealer portal (/dealer)', 'DealerPortalPage'],
    // QA's first page (QA_HOME_PATH): the reports area (frame, report, checkpoints, words), one chunk; ECharts loads
    // after it (the charts' own chunk, not counted here).
    ['QA home (/reports)', 'reports-pages.ts'],
    // The QA menu entry: the QA area's frame, the review list and the QA words, one chunk.
    ['QA reviews (/qa/reviews)', 'qa-area.ts'],
    // The editor's home (and every role's knowledge base): the KB chunk (its loader, load-kb.ts, ~1 KB, comes before it).
    ['knowledge base (/kb)', 'kb-pages.ts'],
  ];
  console.log(`console build: ${buildSeconds.toFixed(1)} s`);
  console.log(`sign-in (/login), entry included: ${signIn.kb.toFixed(1)} KB gzip (${signIn.rawKb.toFixed(0)} KB raw, ${signIn.count} files)`);
  const over: string[] = [];
  for (const [label, name] of routes) {
    const key = routeKey(name);
    if (!key) continue;
    const total = gzipKb(closure(manifest, [entry, key]));
    if (total.kb > BUDGET_KB) over.push(`${label} ${total.kb.toFixed(1)} KB`);
    console.log(`${label}, entry included: ${total.kb.toFixed(1)} KB gzip (${total.rawKb.toFixed(0)} KB raw, ${total.count} files)`);
  }
  // Every user's first route counts: an agent's workspace, a dealer's portal, QA's reports…
  console.log(`budget ${BUDGET_KB} KB for each first route: ${over.length === 0 ? 'within' : `OVER: ${over.join(', ')}`}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
