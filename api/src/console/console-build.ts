import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
export const CONSOLE_DIR = join(ROOT, 'console');
export const CONSOLE_DIST_DIR = join(CONSOLE_DIR, 'dist');

function newestMtime(path: string, skip: (path: string) => boolean): number {
  if (!existsSync(path) || skip(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry), skip));
  return newest;
}

/** Missing, or older than its sources (console/src, its config, and the browser-safe part of shared). */
export function consoleBuildIsStale(): boolean {
  const index = join(CONSOLE_DIST_DIR, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const skipServer = (path: string) => path.includes(`${join('shared', 'src', 'server')}`);
  const sources = [
    join(CONSOLE_DIR, 'src'),
    join(CONSOLE_DIR, 'index.html'),
    join(CONSOLE_DIR, 'vite.config.ts'),
    join(CONSOLE_DIR, 'package.json'),
    join(ROOT, 'shared', 'src'),
  ];
  return sources.some((source) => newestMtime(source, skipServer) > built);
}

/**
 * `npm start` on a fresh clone serves a console: build it with vite when it is missing or stale. Resolves false
 * (and says why) when the build fails; the API runs regardless.
 */
export async function ensureConsoleBuilt(log: (line: string) => void = console.log): Promise<boolean> {
  if (process.env.CONSOLE_BUILD === 'false') return existsSync(join(CONSOLE_DIST_DIR, 'index.html'));
  if (!consoleBuildIsStale()) return true;
  let viteBin: string;
  try {
    viteBin = join(resolve(createRequire(join(CONSOLE_DIR, 'package.json')).resolve('vite/package.json'), '..'), 'bin', 'vite.js');
  } catch {
    log('console: vite is not installed (run npm install); serving the API only');
    return false;
  }
  log('console: building the web console (console/dist is missing or older than its sources)…');
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], { cwd: CONSOLE_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => {
      log(`console: build could not start: ${error.message}`);
      done(false);
    });
    child.on('close', (code) => {
      if (code === 0) log(`console: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      else log(`console: build failed (exit ${code}); serving the API only\n${output.slice(-4000)}`);
      done(code === 0);
    });
  });
}
