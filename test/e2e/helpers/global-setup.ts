import { closeSync, openSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleBuildIsStale, ensureConsoleBuilt } from '../../../api/src/console/console-build';

// One lock per machine: two jest runs (or `npm start` beside one) must not have vite empty console/dist at once.
const LOCK = join(tmpdir(), 'careline-console-build.lock');
const STALE_LOCK_MS = 5 * 60_000;

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      closeSync(openSync(LOCK, 'wx'));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a killed run: take it over once it is clearly abandoned.
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) unlinkSync(LOCK);
      } catch {
        // removed meanwhile by its owner
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await work();
  } finally {
    try {
      unlinkSync(LOCK);
    } catch {
      // already gone
    }
  }
}

/**
 * Jest globalSetup of the e2e project: build the console once per run when console/dist is missing or older than
 * console/src or shared/src (the same check `npm start` makes). A failed build fails the run: the browser tests would
 * only test a stale or missing console.
 */
export default async function buildConsoleOnce(): Promise<void> {
  await withLock(async () => {
    if (!consoleBuildIsStale()) return;
    const lines: string[] = [];
    const built = await ensureConsoleBuilt((line) => lines.push(line));
    process.stderr.write(`${lines.join('\n')}\n`);
    if (!built) throw new Error(`e2e: the console could not be built:\n${lines.join('\n')}`);
  });
}
