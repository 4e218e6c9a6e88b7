import { errorCodes, send, type Exchange } from './exchange.ts';
import { judge, skip, type ProbeCase } from './probe-case.ts';
import type { Target } from './target.ts';

/** 429 RATE_LIMITED with a Retry-After. */
function limited(exchange: Exchange): boolean {
  return exchange.status === 429 && Number(exchange.headers.get('retry-after')) > 0 && (errorCodes(exchange).includes('RATE_LIMITED') || exchange.text.includes('RATE_LIMITED'));
}

/** Sends `count` requests made by `request`, `parallel` at a time. */
async function flood(count: number, parallel: number, request: () => Promise<Exchange>): Promise<void> {
  let sent = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (sent < count) {
      sent += 1;
      await request();
    }
  }));
}

/**
 * The per-bakery and per-address rate limits (README: RATE_LIMIT_PER_TENANT operations and
 * RATE_LIMIT_PER_ADDRESS requests per window). Run last: they spend the window's budgets.
 */
export function rateLimitCases(target: Target): ProbeCase[] {
  const { options, a, b } = target;
  const operations = (token: string, count: number) =>
    send({ url: options.gateway, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(Array.from({ length: count }, () => ({ query: '{ tenant { id } }' }))) });
  return [
    {
      area: 'rate-limits',
      what: `bakery B past RATE_LIMIT_PER_TENANT (${options.ratePerTenant} operations, sent in batches of 10)`,
      expected: '429 RATE_LIMITED with Retry-After',
      async run() {
        if (options.ratePerTenant === 0) return skip('RATE_LIMIT_PER_TENANT is 0 (off)');
        await flood(Math.ceil(options.ratePerTenant / 10), 8, () => operations(b.tokens.VIEWER, 10));
        const exchange = await operations(b.tokens.VIEWER, 1);
        return judge(exchange, limited(exchange));
      },
    },
    {
      area: 'rate-limits',
      what: 'bakery A is still served while bakery B is limited',
      expected: '200 data',
      async run() {
        if (options.ratePerTenant === 0) return skip('RATE_LIMIT_PER_TENANT is 0 (off)');
        const exchange = await operations(a.tokens.VIEWER, 1);
        return judge(exchange, exchange.status === 200 && Array.isArray(exchange.json) && exchange.json[0]?.data?.tenant?.id === a.id);
      },
    },
    {
      area: 'rate-limits',
      what: `one address past RATE_LIMIT_PER_ADDRESS (${options.ratePerAddress} requests without a token)`,
      expected: '429 RATE_LIMITED with Retry-After',
      async run() {
        if (options.ratePerAddress === 0) return skip('RATE_LIMIT_PER_ADDRESS is 0 (off)');
        const anonymous = () => send({ url: options.gateway, headers: { 'content-type': 'application/json' }, body: '{"query":"{ tenant { id } }"}' });
        await flood(options.ratePerAddress, 16, anonymous);
        const exchange = await anonymous();
        return judge(exchange, limited(exchange));
      },
    },
    {
      area: 'rate-limits',
      what: 'the limited address escapes with a forged X-Forwarded-For',
      expected: 'still 429',
      async run() {
        if (options.ratePerAddress === 0) return skip('RATE_LIMIT_PER_ADDRESS is 0 (off)');
        const exchange = await send({ url: options.gateway, headers: { 'content-type': 'application/json', authorization: `Bearer ${a.tokens.VIEWER}`, 'x-forwarded-for': '203.0.113.7', 'x-real-ip': '203.0.113.8' }, body: '{"query":"{ tenant { id } }"}' });
        return judge(exchange, limited(exchange));
      },
    },
  ];
}
