import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');

/** Runs `npm run <script>` with extra arguments and environment; returns its exit code and output. */
export async function runNpmScript(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', script, '--', ...args], {
      env: { ...process.env, ...env, NODE_OPTIONS: '' },
      cwd: ROOT,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, output: failure.stdout + failure.stderr };
  }
}

/** Runs `npm run audit:verify` with extra arguments and environment; returns its exit code and output. */
export const runAuditCli = (args: string[], env: Record<string, string>) => runNpmScript('audit:verify', args, env);
