import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { npmStart, ownStartEnvironment, ROOT } from '../support/npm-start.ts';

/**
 * README's "From clone to your bakery's first plan", run as written: the first block's `npm
 * start` on its own ports and LEVAIN_HOME (`npm install` is what CI's `npm ci` already did), then
 * every line of the second block in one bash session, in order. The port in the README's URLs
 * (4000) is the only thing changed: to this run's gateway port.
 */
const SECTION = "## From clone to your bakery's first plan";

function walkthroughBlocks(): string[][] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(SECTION);
  expect(start, 'README has the walkthrough section').toBeGreaterThan(0);
  const section = readme.slice(start + SECTION.length, readme.indexOf('\n## ', start + SECTION.length));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((block) =>
    // One command per line; a line ending in a backslash goes on.
    block[1].replace(/\\\n\s*/g, '').split('\n').filter((line) => line.trim() && !line.trim().startsWith('#')),
  );
}

let home: string | undefined;
let group: number | undefined;
afterAll(async () => {
  if (group) {
    try {
      process.kill(group, 'SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 8_000));
      process.kill(-group, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (home) rmSync(home, { recursive: true, force: true });
});

test("the README's walkthrough runs, from npm start to the new bakery's plan", async () => {
  const [first, second] = walkthroughBlocks();
  expect(first).toEqual(['npm install && npm start']);
  expect(second.length).toBeGreaterThan(3);

  const own = await ownStartEnvironment();
  ({ home } = own);
  const { ports, env } = own;
  const started = npmStart(env);
  group = started.group;
  expect(await started.ready(150_000), started.output()).toBe(true);

  const script = ['set -euo pipefail', ...second.map((line) => line.replaceAll('127.0.0.1:4000', `127.0.0.1:${ports.PORT}`))].join('\n');
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile('bash', ['-c', script], { cwd: ROOT, env, timeout: 400_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);

  // tenant create printed the new bakery's id; the run completed and made a plan; the API answers it.
  expect(result.stdout).toMatch(/^[0-9a-f-]{36}$/m);
  expect(result.stdout).toMatch(/Run [0-9a-f-]{36} COMPLETED/);
  expect(result.stdout).toMatch(/Procurement plan [0-9a-f-]{36} \(DRAFT\)/);
  const answer = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { data?: { latestProcurementPlan: { planDate: string } | null }; errors?: unknown };
  expect(answer.errors).toBeUndefined();
  expect(answer.data?.latestProcurementPlan?.planDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  // The imported bakery (docs/examples) orders something: the import lines ran.
  expect(result.stdout).toMatch(/Procurement plan .*: [1-9]\d* purchase orders/);

  expect(execFileSync('ps', ['-o', 'pid=', '-g', String(group)], { encoding: 'utf8' }).trim()).not.toBe('');
}, 600_000);
