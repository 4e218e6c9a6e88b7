import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createLogger } from '../../platform/logger.ts';
import { runInScope } from '../../platform/request-scope.ts';
import { captureLogs, ownBakery, startObservedStack, type ObservedStack } from './support.ts';

let stack: ObservedStack;
let bakery: Awaited<ReturnType<typeof ownBakery>>;

/** Reaches inventory, suppliers, recipes (ingredients with offers and usedIn) and planning (settings). */
const EVERY_SUBGRAPH = `query ObservabilityEverySubgraph {
  ingredients(first: 5) { edges { node { name offers { unitPrice } usedIn { name } } } }
  planningSettings { timezone }
}`;

async function post(query: string, token: string, headers: Record<string, string> = {}) {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return response;
}

/** The lines of `requestId`, grouped by service. */
function linesOf(requestId: string) {
  const byService = new Map<string, typeof stack.logs>();
  for (const line of stack.logs.filter((candidate) => candidate.requestId === requestId)) {
    byService.set(line.service, [...(byService.get(line.service) ?? []), line]);
  }
  return byService;
}

beforeAll(async () => {
  stack = await startObservedStack(inject('databaseUrl'));
  bakery = await ownBakery(inject('databaseUrl'), 'logs');
});
afterAll(async () => {
  await stack?.stop();
});

describe('a request id travels from the gateway to every subgraph', () => {
  test("a client's x-request-id is on the gateway's and each subgraph's lines for that request", async () => {
    const requestId = `obs-${randomUUID()}`;
    const response = await post(EVERY_SUBGRAPH, bakery.viewer, { 'x-request-id': requestId });
    expect(response.headers.get('x-request-id')).toBe(requestId);

    const byService = linesOf(requestId);
    expect([...byService.keys()].sort()).toEqual(['gateway', 'inventory', 'planning', 'recipes', 'suppliers']);
    const gatewayLine = byService.get('gateway')!.find((line) => line.msg === 'graphql request');
    // Debug (20), so the default LOG_LEVEL (info) leaves request lines out.
    expect(gatewayLine).toMatchObject({ operation: 'ObservabilityEverySubgraph', subgraphFetches: 4, level: 20 });
    for (const subgraph of ['inventory', 'suppliers', 'recipes', 'planning']) {
      const line = byService.get(subgraph)!.find((candidate) => candidate.msg === 'graphql request');
      expect(line, subgraph).toBeDefined();
      expect(line!.operation).toMatch(/^ObservabilityEverySubgraph__/);
      expect(typeof line!.sqlQueries).toBe('number');
    }
    expect(byService.get('inventory')!.find((line) => line.msg === 'graphql request')!.sqlQueries).toBeGreaterThan(0);
  });

  test('without one, the gateway makes an id, answers it, and the subgraphs log the same', async () => {
    const response = await post(EVERY_SUBGRAPH, bakery.viewer);
    const requestId = response.headers.get('x-request-id')!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect([...linesOf(requestId).keys()].sort()).toEqual(['gateway', 'inventory', 'planning', 'recipes', 'suppliers']);
  });

  test('any line written inside a request carries its id, by whatever logger; a line outside has none', async () => {
    const { stream, lines } = captureLogs();
    const logger = createLogger('inventory', 'info', stream);
    await runInScope({ service: 'inventory', requestId: 'req-deep-1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.child({ component: 'repository' }).warn('slow statement');
    });
    logger.info('outside any request');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map(({ msg, requestId }) => ({ msg, requestId }))).toEqual([
      { msg: 'slow statement', requestId: 'req-deep-1' },
      { msg: 'outside any request', requestId: undefined },
    ]);
  });

  test('a worker line carries the run id of the run in scope, once', async () => {
    const { stream, lines, raw } = captureLogs();
    const logger = createLogger('worker', 'info', stream);
    await runInScope({ service: 'worker', runId: 'run-42' }, async () => {
      logger.info('step started');
      logger.child({ runId: 'run-42' }).info('bound already');
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((line) => [line.msg, line.runId])).toEqual([
      ['step started', 'run-42'],
      ['bound already', 'run-42'],
    ]);
    // Bound by a child, the id is written once, not twice.
    expect(raw.map((line) => line.split('"runId"').length - 1)).toEqual([1, 1]);
  });
});
