/**
 * Knowledge-base search at scale (issue 14's proof; budget: well under a second, aim p99 < 100 ms). On a fresh
 * PostgreSQL database with the demo seeded (users, 22 demo articles), ARTICLES articles more are generated — title,
 * symptoms and body recombined from the demo articles' sentences and the NHTSA complaint summaries of
 * shared/src/demo/nhtsa-summaries.ts, with random models, years and audiences — and QUERIES Chinese and English
 * queries (phrases cut from the same texts, some with a model filter) are run
 *   1. through the query function (searchKbArticles) as an agent and as a dealer, one at a time;
 *   2. over HTTP (the real app in this process, a signed-in session), one at a time.
 * Prints p50/p95/p99 and how many hits the queries had; asserts nothing.
 *
 *   npx tsx bench/assist-kb.bench.ts     (DATABASE_URL / REDIS_URL or the local servers; ARTICLES, QUERIES;
 *                                          KEEP_DATABASE=true: stop after writing the articles and keep the database)
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Actor } from '@careline/shared';
import { ZKbSearchQuery } from '@careline/shared';
import { articleSearchVector, configureAuditKeys, DEMO_PASSWORD, loadAuditKeys, loadConfig, schema, searchKbArticles, seedDemo } from '@careline/shared/server';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import pino from 'pino';
import { createApp } from '../api/src/app';
import { createRng } from '../shared/src/demo/generate';
import { DEMO_KB_ARTICLES } from '../shared/src/demo/kb-articles';
import { NHTSA_SUMMARIES_BY_CATEGORY } from '../shared/src/demo/nhtsa-summaries';
import { benchDatabase } from './bench-database';

configureAuditKeys(loadAuditKeys(loadConfig()));

const ARTICLES = Number(process.env.ARTICLES ?? 10_000);
const QUERIES = Number(process.env.QUERIES ?? 300);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const MODELS = ['锐行 X3', '锐行 X5', '星途 L5', '星途 L7 PHEV', '远航 S5 (EV)', '远航 S7 (EV)', '驰骋 M8 PHEV'];

// Seeded: two runs search the same articles with the same queries.
const random = createRng(14);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
function figures(label: string, values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const ms = (value: number | undefined) => (value === undefined ? '–' : `${value.toFixed(1)} ms`);
  console.log(`${label}: n=${sorted.length}, p50 ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted.at(-1))}`);
}

// The sentences the articles are made of: the demo articles' (Chinese, some English) and the NHTSA summaries' (English).
const chineseSentences = DEMO_KB_ARTICLES.flatMap((article) => article.body.split(/(?<=[。；！？\n])/)).map((line) => line.replace(/[#*|`>-]/g, '').trim()).filter((line) => line.length >= 6);
const englishSentences = Object.values(NHTSA_SUMMARIES_BY_CATEGORY).flat().flatMap((summary) => summary.split(/(?<=\.)\s+/)).filter((line) => line.length >= 20);
const symptoms = DEMO_KB_ARTICLES.flatMap((article) => article.symptoms);

function generatedArticle(index: number) {
  const english = random.next() < 0.3;
  const sentences = english ? englishSentences : chineseSentences;
  const body = Array.from({ length: random.int(4, 12) }, () => random.pick(sentences)).join(english ? ' ' : '');
  const articleSymptoms = Array.from({ length: random.int(1, 3) }, () => random.pick(symptoms));
  const title = `${english ? random.pick(englishSentences).slice(0, 60) : `${articleSymptoms[0]}：${random.pick(chineseSentences).slice(0, 24)}`} #${index}`;
  const models = random.next() < 0.5 ? [] : Array.from(new Set(Array.from({ length: random.int(1, 3) }, () => random.pick(MODELS))));
  const yearFrom = random.next() < 0.5 ? null : random.int(2017, 2024);
  return { title, body, symptoms: articleSymptoms, models, yearFrom, yearTo: yearFrom && random.next() < 0.5 ? yearFrom + random.int(0, 3) : null, audience: random.next() < 0.7 ? ('everyone' as const) : ('agents' as const) };
}

/** A query: a Chinese phrase of 2–8 characters cut from a sentence, or one to three English words of a summary. */
function generatedQuery(): { q: string; model?: string } {
  let q: string;
  if (random.next() < 0.6) {
    const sentence = random.pick(chineseSentences).replace(/[^\p{Script=Han}]/gu, '');
    const length = random.int(2, Math.min(8, Math.max(2, sentence.length)));
    const start = random.int(0, Math.max(0, sentence.length - length));
    q = sentence.slice(start, start + length) || '异响';
  } else {
    const words = random.pick(englishSentences).toLowerCase().split(/[^a-z]+/).filter((word) => word.length > 3);
    const count = random.int(1, 3);
    const start = random.int(0, Math.max(0, words.length - count));
    q = words.slice(start, start + count).join(' ') || 'brake';
  }
  return random.next() < 0.25 ? { q, model: random.pick(MODELS) } : { q };
}

async function main() {
  const { name, database, drop } = await benchDatabase('kb', 10);
  const db = database.db;
  try {
    await seedDemo(db, { customers: 40, tickets: 0 });
    const [editor] = await database.query<{ id: string }>(`select id from users where username = 'editor'`);
    const writeStarted = performance.now();
    for (let start = 0; start < ARTICLES; start += 500) {
      const rows = Array.from({ length: Math.min(500, ARTICLES - start) }, (_, offset) => {
        const article = generatedArticle(start + offset);
        const at = new Date(Date.now() - (ARTICLES - start - offset) * 1000);
        return { id: randomUUID(), ...article, status: 'published' as const, version: 1, search: sql`${articleSearchVector(article)}::tsvector`, createdBy: editor!.id, updatedBy: editor!.id, createdAt: at, updatedAt: at, publishedAt: at };
      });
      await db.insert(schema.kbArticles).values(rows);
    }
    await database.query('analyze kb_articles');
    if (process.env.KEEP_DATABASE === 'true') {
      // For EXPLAIN by hand: the database stays, the bench stops here.
      console.log(`database kept: ${name}`);
      await database.close();
      process.exit(0);
    }
    console.log(`${ARTICLES} articles written in ${((performance.now() - writeStarted) / 1000).toFixed(1)} s (their tsvector literals built in JS)`);

    const queries = Array.from({ length: QUERIES }, generatedQuery);
    const actorOf = async (username: string): Promise<Actor> => {
      const [user] = await database.query<{ id: string; display_name: string; role: Actor['role']; dealer_id: string | null; department_id: string | null }>(
        `select id, display_name, role, dealer_id, department_id from users where username = $1`,
        [username],
      );
      return { kind: 'user', id: user!.id, name: user!.display_name, role: user!.role, dealerId: user!.dealer_id, departmentId: user!.department_id };
    };
    for (const username of ['agent', 'dealer']) {
      const actor = await actorOf(username);
      // Warm the pool and the caches once.
      for (const query of queries.slice(0, 20)) await searchKbArticles(db, actor, ZKbSearchQuery.parse(query));
      const times: number[] = [];
      const hits: number[] = [];
      for (const query of queries) {
        const started = performance.now();
        const page = await searchKbArticles(db, actor, ZKbSearchQuery.parse(query));
        times.push(performance.now() - started);
        hits.push(page.items.length);
      }
      figures(`query function, ${username}, ${queries.length} queries`, times);
      const sortedHits = [...hits].sort((a, b) => a - b);
      console.log(`  hits per query (first page of 20): median ${percentile(sortedHits, 50)}, none for ${hits.filter((count) => count === 0).length}`);
    }

    // One Chinese character, as an agent types it first (a prefix match over the index: the widest queries there are).
    const characters = Array.from({ length: 60 }, () => {
      const sentence = random.pick(chineseSentences).replace(/[^\p{Script=Han}]/gu, '') || '响';
      return { q: Array.from(sentence)[random.int(0, Array.from(sentence).length - 1)]! };
    });
    const agentActor = await actorOf('agent');
    for (const query of characters.slice(0, 5)) await searchKbArticles(db, agentActor, ZKbSearchQuery.parse(query));
    const characterTimes: number[] = [];
    for (const query of characters) {
      const started = performance.now();
      await searchKbArticles(db, agentActor, ZKbSearchQuery.parse(query));
      characterTimes.push(performance.now() - started);
    }
    figures(`query function, agent, ${characters.length} one-character queries`, characterTimes);
    const [{ share }] = await database.query<{ share: string }>(
      `select round(100.0 * count(*) filter (where search @@ $1::tsquery) / count(*), 1)::text as share from kb_articles`,
      [`'${characters[0]!.q}':*`],
    );
    console.log(`  e.g. ${characters[0]!.q}: ${share} % of the articles match`);

    // Over HTTP: the real app in this process.
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = { ...loadConfig({ PUBLIC_URL: base }), redisPrefix: `careline-bench-kb:${Date.now()}:` };
    server.on('request', createApp({ config, database, db, redis, logger: pino({ level: 'silent' }) }));
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ username: 'agent', password: DEMO_PASSWORD }) });
    if (!login.ok) throw new Error(`sign-in: ${login.status}`);
    const cookie = login.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    const get = async (query: { q: string; model?: string }) => {
      const response = await fetch(`${base}/api/kb/articles?${new URLSearchParams(query)}`, { headers: { cookie } });
      if (response.status !== 200) throw new Error(`search ${JSON.stringify(query)}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    };
    for (const query of queries.slice(0, 20)) await get(query);
    const times: number[] = [];
    for (const query of queries) {
      const started = performance.now();
      await get(query);
      times.push(performance.now() - started);
    }
    figures(`HTTP GET /api/kb/articles, agent, ${queries.length} queries`, times);
    await new Promise((resolve) => server.close(resolve));
    server.closeAllConnections?.();
    redis.disconnect();
  } finally {
    await drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
