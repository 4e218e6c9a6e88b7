import { describe, describeRequest, shorten, type Exchange } from './exchange.ts';

/** The areas of the probe set, in the order they run (rate limits last: they exhaust the budgets). */
export const AREAS = ['tenant-isolation', 'tokens', 'roles', 'limits', 'ssrf', 'bad-input', 'admin-surfaces', 'rate-limits'] as const;
export type Area = (typeof AREAS)[number];

/** What one case came to: PASS or FAIL with what it got, or SKIP with why. */
export interface Verdict {
  status: 'PASS' | 'FAIL' | 'SKIP';
  got: string;
  /** The exchange that decided it (printed whole when the case fails). */
  evidence?: Exchange;
  /** Client-side time of the deciding request, shown for the limits (information only). */
  ms?: number;
}

export interface ProbeCase {
  area: Area;
  what: string;
  expected: string;
  run(): Promise<Verdict>;
}

export interface CaseResult {
  id: string;
  area: Area;
  what: string;
  expected: string;
  verdict: Verdict;
}

/** A verdict from one exchange: `pass` decides, `got` defaults to status and error codes. */
export function judge(exchange: Exchange, pass: boolean, got = describe(exchange)): Verdict {
  return { status: pass ? 'PASS' : 'FAIL', got, evidence: exchange, ms: exchange.ms };
}

export function skip(reason: string): Verdict {
  return { status: 'SKIP', got: reason };
}

/** Runs the cases one after another (the probe is one client), numbering them per area: ISO-01 … */
export async function runCases(cases: ProbeCase[], onResult: (result: CaseResult) => void = () => {}): Promise<CaseResult[]> {
  const counters = new Map<Area, number>();
  const results: CaseResult[] = [];
  for (const probeCase of cases) {
    const number = (counters.get(probeCase.area) ?? 0) + 1;
    counters.set(probeCase.area, number);
    let verdict: Verdict;
    try {
      verdict = await probeCase.run();
    } catch (error) {
      verdict = { status: 'FAIL', got: `the probe could not run the case: ${(error as Error).message}` };
    }
    const result = { id: `${AREA_PREFIX[probeCase.area]}-${String(number).padStart(2, '0')}`, area: probeCase.area, what: probeCase.what, expected: probeCase.expected, verdict };
    results.push(result);
    onResult(result);
  }
  return results;
}

const AREA_PREFIX: Record<Area, string> = {
  'tenant-isolation': 'ISO',
  tokens: 'TOK',
  roles: 'ROLE',
  limits: 'LIM',
  ssrf: 'SSRF',
  'bad-input': 'BAD',
  'admin-surfaces': 'ADM',
  'rate-limits': 'RATE',
};

/** One line per case: id, area, what, expected, got, verdict (and the client's time for limits). */
export function formatResult(result: CaseResult): string {
  const { verdict } = result;
  const time = result.area === 'limits' || result.area === 'rate-limits' ? (verdict.ms === undefined ? '' : ` [${verdict.ms.toFixed(0)} ms]`) : '';
  const line = `${result.id.padEnd(8)} ${result.area.padEnd(16)} ${result.what} | expected: ${result.expected} | got: ${verdict.got}${time} | ${verdict.status}`;
  if (verdict.status !== 'FAIL' || !verdict.evidence) return line;
  return `${line}\n         request: ${describeRequest(verdict.evidence.request)}\n         answer:  ${verdict.evidence.status} ${shorten(verdict.evidence.text, 600)}`;
}

/** Cases passed, failed and skipped per area, and in all. */
export function formatSummary(results: CaseResult[]): string {
  const rows = AREAS.map((area) => {
    const mine = results.filter((result) => result.area === area);
    return { area, ...count(mine) };
  }).filter((row) => row.total > 0);
  const all = count(results);
  const line = (label: string, c: ReturnType<typeof count>) => `${label.padEnd(16)} ${String(c.total).padStart(4)} cases  ${String(c.pass).padStart(4)} pass  ${String(c.fail).padStart(3)} fail  ${String(c.skip).padStart(3)} skipped`;
  return ['Summary', ...rows.map((row) => line(row.area, row)), line('all', all)].join('\n');
}

function count(results: CaseResult[]) {
  return {
    total: results.length,
    pass: results.filter((result) => result.verdict.status === 'PASS').length,
    fail: results.filter((result) => result.verdict.status === 'FAIL').length,
    skip: results.filter((result) => result.verdict.status === 'SKIP').length,
  };
}
