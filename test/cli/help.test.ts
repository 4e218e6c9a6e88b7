import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = `${ROOT}node_modules/.bin/tsx`;

/** Every `npm run` command that takes options, by the script package.json runs for it. */
const CLIS: Record<string, string> = {
  token: 'scripts/token.ts',
  tenant: 'scripts/tenant.ts',
  orchestrate: 'scripts/orchestrate.ts',
  migrate: 'scripts/migrate.ts',
  init: 'scripts/init.ts',
  import: 'scripts/import.ts',
  seed: 'db/seeds/run.ts',
  'seed:synthetic': 'db/seeds/synthetic-cli.ts',
  'probe:security': 'scripts/security-probe.ts',
};

/** Runs a CLI as `npm run` would (tsx), without a database: nothing here may reach one. */
function run(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, [script, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '' }, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('package.json runs these scripts, so the table above is the CLIs users have', async () => {
  const { default: pkg } = await import('../../package.json', { with: { type: 'json' } });
  for (const [name, script] of Object.entries(CLIS)) expect(pkg.scripts[name as keyof typeof pkg.scripts]).toBe(`tsx ${script}`);
});

describe.each(Object.entries(CLIS))('npm run %s', (name, script) => {
  test('--help prints the usage on stdout and exits 0', async () => {
    const result = await run(script, ['--help']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`npm run ${name}`);
  });

  test('an unknown option is one error line and the usage, exit 2, no stack', async () => {
    const result = await run(script, ['--no-such-option']);
    expect(result.code).toBe(2);
    const [first, ...rest] = result.stderr.trim().split('\n');
    expect(first).toBe("error: unknown option '--no-such-option'");
    expect(rest.join('\n')).toContain(`npm run ${name}`);
    expect(result.stderr).not.toMatch(/ERR_PARSE_ARGS|\n\s+at /);
  });
});

describe('npm run tenant -- create', () => {
  test('a missing --timezone is a plain sentence, not a zod message', async () => {
    const result = await run(CLIS.tenant, ['create', '--slug', 'cli-help', '--name', 'Help Bakery']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('error: --timezone is required (an IANA zone such as Europe/Madrid)');
    expect(result.stderr).not.toMatch(/expected string|received undefined|invalid_type/i);
  });

  test('an unknown zone names what was given', async () => {
    const result = await run(CLIS.tenant, ['create', '--slug', 'cli-help', '--name', 'Help Bakery', '--timezone', 'Mars/Olympus']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('error: --timezone "Mars/Olympus" must be an IANA time zone such as Europe/Madrid');
  });

  test('no command says which exist', async () => {
    const result = await run(CLIS.tenant, []);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('error: a command is required: create or list');
  });
});

test('a missing required option says which, exit 2', async () => {
  const result = await run(CLIS.token, ['--role', 'ADMIN']);
  expect(result.code).toBe(2);
  expect(result.stderr.split('\n')[0]).toBe('error: --tenant is required');
});
