import { adminCases } from './admin-cases.ts';
import { badInputCases } from './bad-input-cases.ts';
import { limitCases } from './limit-cases.ts';
import { runCases, type Area, type CaseResult, type ProbeCase } from './probe-case.ts';
import { rateLimitCases } from './rate-limit-cases.ts';
import { roleCases } from './role-cases.ts';
import { ssrfCases } from './ssrf-cases.ts';
import { connect, type ProbeOptions, type Target } from './target.ts';
import { tenantIsolationCases } from './tenant-isolation.ts';
import { tokenCases } from './token-cases.ts';
import { readVictim, type Victim } from './victim.ts';

const BUILDERS: Record<Area, (target: Target, victim: () => Victim) => ProbeCase[]> = {
  'tenant-isolation': tenantIsolationCases,
  tokens: tokenCases,
  roles: roleCases,
  limits: limitCases,
  ssrf: ssrfCases,
  'bad-input': badInputCases,
  'admin-surfaces': adminCases,
  'rate-limits': rateLimitCases,
};

/**
 * Connects to the installation (both bakeries' tokens, the secret checked), reads bakery B's ids
 * when tenant isolation is probed, and runs every case of `areas` in order.
 */
export async function runProbe(options: ProbeOptions, areas: readonly Area[], onResult?: (result: CaseResult) => void): Promise<CaseResult[]> {
  const target = await connect(options);
  let victim: Victim | undefined;
  if (areas.includes('tenant-isolation')) victim = await readVictim(target);
  const victimOf = () => {
    if (!victim) throw new Error('bakery B was not read');
    return victim;
  };
  const cases = areas.flatMap((area) => BUILDERS[area](target, victimOf));
  return runCases(cases, onResult);
}
