import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack.ts';

const APP_DIR = join(import.meta.dirname, '../../gateway/dashboard/app');

let stack: TestStack;
let base: string;

beforeAll(async () => {
  stack = await startTestStack(inject('databaseUrl'));
  base = stack.gatewayUrl.replace(/\/graphql$/, '');
});
afterAll(async () => {
  await stack?.stop();
});

function appFiles(dir = APP_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? appFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('the dashboard as served by the gateway', () => {
  test('/dashboard is the app shell, with a policy that allows nothing but this origin', async () => {
    for (const path of ['/dashboard', '/dashboard/']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const policy = response.headers.get('content-security-policy')!;
      expect(policy).toContain("default-src 'none'");
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("connect-src 'self'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toContain('<script type="module" src="/dashboard/app.js">');
    }
  });

  test('every file the shell and the modules reference is served with its type', async () => {
    const html = await (await fetch(`${base}/dashboard`)).text();
    const referenced = [...html.matchAll(/(?:src|href)="(\/dashboard\/[^"]+)"/g)].map((match) => match[1]);
    const imports = appFiles()
      .filter((file) => file.endsWith('.js'))
      .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)].map((match) => match[1]));
    expect(referenced).toEqual(expect.arrayContaining(['/dashboard/app.js', '/dashboard/styles.css']));
    expect(imports.length).toBeGreaterThan(5);
    for (const path of referenced) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(200);
    }
    const script = await fetch(`${base}/dashboard/views/runs.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  test('nothing outside the app is reachable, and nothing but GET and HEAD', async () => {
    for (const path of ['/dashboard/../package.json', '/dashboard/%2e%2e/package.json', '/dashboard/routes.ts', '/dashboard/nope.js']) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(404);
    }
    expect((await fetch(`${base}/dashboard/app.js`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${base}/dashboard/app.js`, { method: 'HEAD' })).status).toBe(200);
  });

  test('the app loads nothing from another origin (no CDN, no web fonts)', () => {
    for (const file of appFiles()) {
      const text = readFileSync(file, 'utf8');
      const urls = [...text.matchAll(/https?:\/\/[^\s'"`)]+/g)].map((match) => match[0]);
      expect(urls.filter((url) => url !== 'http://www.w3.org/2000/svg'), file).toEqual([]);
      expect(text, file).not.toMatch(/@import|fonts\.googleapis|cdn\./);
    }
  });
});
