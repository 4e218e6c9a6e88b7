import { errorCodes, send, type Exchange } from './exchange.ts';
import { judge, skip, type ProbeCase, type Verdict } from './probe-case.ts';
import type { Target } from './target.ts';

/** 429 RATE_LIMITED with a Retry-After. */
function limited(exchange: Exchange): boolean {
  return exchange.status === 429 && Number(exchange.headers.get('retry-after')) > 0 && (errorCodes(exchange).includes('RATE_LIMITED') || exchange.text.includes('RATE_LIMITED'));
}

/**
 * Sends requests made by `request`, `parallel` at a time, until one is limited or `most` were
 * sent; returns the first limited answer (if any) and how many were sent. Fixed windows admit up to
 * twice the limit across a window boundary (SECURITY.md), so `most` is twice the limit and a bit.
 */
async function flood(most: number, parallel: number, request: () => Promise<Exchange>): Promise<{ limitedAnswer?: Exchange; sent: number }> {
  let sent = 0;
  let limitedAnswer: Exchange | undefined;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (sent < most && !limitedAnswer) {
      sent += 1;
      const answer = await request();
      if (limited(answer)) limitedAnswer ??= answer;
    }
  }));
  return { limitedAnswer, sent };
}

function floodVerdict({ limitedAnswer, sent }: { limitedAnswer?: Exchange; sent: number }, unit: string, last: () => Promise<Exchange>): Promise<Verdict> | Verdict {
  if (limitedAnswer) return judge(limitedAnswer, true, `429 RATE_LIMITED after ${sent} ${unit}`);
  return last().then((exchange) => judge(exchange, false, `no 429 after ${sent} ${unit}`));
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
      expected: `429 RATE_LIMITED with Retry-After within ${2 * options.ratePerTenant + 10} operations`,
      async run() {
        if (options.ratePerTenant === 0) return skip('RATE_LIMIT_PER_TENANT is 0 (off)');
        const outcome = await flood(Math.ceil((2 * options.ratePerTenant + 10) / 10), 8, () => operations(b.tokens.VIEWER, 10));
        return floodVerdict({ ...outcome, sent: outcome.sent * 10 }, 'operations', () => operations(b.tokens.VIEWER, 1));
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
      expected: `429 RATE_LIMITED with Retry-After within ${2 * options.ratePerAddress + 1} requests`,
      async run() {
        if (options.ratePerAddress === 0) return skip('RATE_LIMIT_PER_ADDRESS is 0 (off)');
        const anonymous = () => send({ url: options.gateway, headers: { 'content-type': 'application/json' }, body: '{"query":"{ tenant { id } }"}' });
        return floodVerdict(await flood(2 * options.ratePerAddress + 1, 16, anonymous), 'requests', anonymous);
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
