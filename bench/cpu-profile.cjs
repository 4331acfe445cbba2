/**
 * A CPU profiler for the API that create-tickets.bench.ts starts:
 *
 *   BENCH_API_NODE_OPTIONS="--require $PWD/bench/cpu-profile.cjs" CPU_PROFILE_DIR=/tmp/prof OPEN_LOOP_SECONDS=0 \
 *     npx tsx bench/create-tickets.bench.ts
 *
 * NODE_OPTIONS reaches every node process of the API's group (npx, tsx's launcher and the API itself); only the one
 * running api/src/main.ts profiles. It writes `api-<pid>.cpuprofile` into CPU_PROFILE_DIR (default: the working
 * directory) when it gets SIGTERM, which is how the bench stops the API, and only then hands the signal to the API's
 * own shutdown (which would otherwise exit before the profiler answers). Read the file with
 * `npx tsx bench/cpu-profile-summary.ts`, or open it in Chrome's DevTools (Performance).
 */
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

if ((process.argv[1] ?? '').endsWith(join('api', 'src', 'main.ts'))) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  // 250 µs between samples (the default is 1 ms): a create costs a few ms of CPU.
  session.post('Profiler.setSamplingInterval', { interval: 250 });
  session.post('Profiler.start');
  const onSigterm = () => {
    // The API's own handlers, held back until the profile is written.
    const others = process.listeners('SIGTERM').filter((listener) => listener !== onSigterm);
    for (const listener of others) process.removeListener('SIGTERM', listener);
    process.removeListener('SIGTERM', onSigterm);
    session.post('Profiler.stop', (error, result) => {
      if (error) console.error('cpu-profile:', error);
      else {
        const file = resolve(process.env.CPU_PROFILE_DIR ?? '.', `api-${process.pid}.cpuprofile`);
        writeFileSync(file, JSON.stringify(result.profile));
        console.error(`cpu-profile: wrote ${file}`);
      }
      for (const listener of others) listener('SIGTERM');
    });
  };
  process.prependListener('SIGTERM', onSigterm);
}
