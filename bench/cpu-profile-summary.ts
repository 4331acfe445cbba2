/**
 * Where a .cpuprofile's busy time goes (written by bench/cpu-profile.cjs): self time by package or source file, the
 * top functions by self time, and the inclusive time of functions whose name matches a pattern.
 *
 *   npx tsx bench/cpu-profile-summary.ts <file.cpuprofile> [--last=SECONDS] [--per=N] [--places=N] [name-pattern …]
 *
 * --last=15 counts only the profile's last 15 s (with OPEN_LOOP_SECONDS=0 the closed loop ends just before the bench stops the API, so this
 * leaves out start-up, demo seeding and warm-up); --per=N also divides each figure by N (the tickets of that loop);
 * --places=N lists N places (default 25). Inclusive time counts a sample for every frame on its stack, so a middleware's
 * includes what its next() ran synchronously: compare self time by place for the middlewares themselves.
 *
 * The profiler samples wall-clock time: on a machine busy with other work, a preempted function looks busy. Shares
 * between functions hold up; absolute milliseconds do not (the bench's CPU per ticket, read from /proc, does).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const options = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
const [file, ...patterns] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
if (!file) throw new Error('usage: cpu-profile-summary.ts <file.cpuprofile> [--last=SECONDS] [--per=N] [name-pattern …]');
const option = (name: string) => options.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
const lastMs = Number(option('last') ?? Infinity) * 1000;
const per = Number(option('per') ?? 0);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

// Self time of each node: the time delta that follows each of its samples.
const selfMs = new Map<number, number>();
const sampleAtMs: number[] = [];
profile.timeDeltas.reduce((at, delta, index) => (sampleAtMs[index] = at + delta / 1000), 0);
const endMs = sampleAtMs.at(-1) ?? 0;
profile.samples.forEach((id, index) => {
  if (endMs - sampleAtMs[index] > lastMs) return;
  selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index + 1] ?? 0) / 1000);
});

const IDLE = new Set(['(idle)', '(program)', '(garbage collector)']);
const where = (url: string) => {
  if (!url) return '(native)';
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1];
  if (url.startsWith('node:')) return url;
  return url.replace(/^file:\/\//, '').replace(/^.*?\/(api|shared|workers)\/src\//, '$1/src/');
};
let total = 0;
let busy = 0;
const byWhere = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, ms] of selfMs) {
  const frame = byId.get(id)!.callFrame;
  total += ms;
  if (frame.functionName === '(idle)') continue;
  busy += ms;
  const place = IDLE.has(frame.functionName) ? frame.functionName : where(frame.url);
  byWhere.set(place, (byWhere.get(place) ?? 0) + ms);
  const name = `${frame.functionName || '(anonymous)'} ${where(frame.url)}:${frame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
}
const share = (ms: number) => `${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)} %${per ? ` ${(ms / per).toFixed(3).padStart(7)} ms each` : ''}`;
console.log(`profile ${(total / 1000).toFixed(1)} s, busy ${(busy / 1000).toFixed(1)} s`);
console.log('\nself time by place:');
for (const [place, ms] of [...byWhere].sort((a, b) => b[1] - a[1]).slice(0, Number(option('places') ?? 25))) console.log(`${share(ms)}  ${place}`);
console.log('\ntop functions by self time:');
for (const [name, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${share(ms)}  ${name}`);

// Inclusive time: a sample counts once for a pattern when any frame on its stack matches.
if (patterns.length > 0) {
  console.log('\ninclusive time of functions matching:');
  for (const pattern of patterns) {
    const regex = new RegExp(pattern);
    let ms = 0;
    for (const [id, self] of selfMs) {
      for (let cursor: number | undefined = id; cursor !== undefined; cursor = parentOf.get(cursor)) {
        const frame = byId.get(cursor)!.callFrame;
        if (regex.test(`${frame.functionName} ${frame.url}`)) {
          ms += self;
          break;
        }
      }
    }
    console.log(`${share(ms)}  /${pattern}/`);
  }
}
