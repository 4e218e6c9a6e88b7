import { PlanningInputError } from './errors.ts';
import type { SafetyStockMethod } from './types.ts';

/**
 * Z such that P(N(0,1) ≤ Z) = p, for any p in (0, 1): Peter Acklam's rational approximation
 * (relative error < 1.2e-9), which is far tighter than any service level a bakery sets.
 * inverseNormalCdf(0.95) ≈ 1.644854, (0.99) ≈ 2.326348, (0.5) = 0.
 */
export function inverseNormalCdf(p: number): number {
  if (!(p > 0 && p < 1)) {
    throw new PlanningInputError(`a service level must be strictly between 0 and 1, got ${p}`);
  }
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lowTail = 0.02425;
  if (p < lowTail) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lowTail) return -inverseNormalCdf(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

export interface SafetyStockInput {
  method: SafetyStockMethod;
  /** STATISTICAL: in (0, 1). */
  serviceLevel: number;
  /** PERCENTAGE: a fraction (0.5 = half the lead-time demand). */
  safetyStockPercent: number;
  /** STATISTICAL: σ_i, std of daily demand in the ingredient's unit. */
  demandSigma: number;
  /** PERCENTAGE: mean demand per horizon day, in the ingredient's unit. */
  meanDailyDemand: number;
  /** L, of the ingredient's best-scoring offer; 0 when it has none. */
  leadTimeDays: number;
  /** STATISTICAL: the best-scoring offer's supplier's on-time share, 0..1; 1 when it has none. */
  reliability: number;
}

/**
 * Variance of the lead time, in days², of a supplier that is on time with probability r and
 * otherwise one day late (how Levain reads "reliability"): r(1 − r).
 */
export function leadTimeVariance(reliability: number): number {
  const r = Math.min(1, Math.max(0, reliability));
  return r * (1 - r);
}

/**
 * Safety stock in the ingredient's unit.
 * STATISTICAL: `Z(serviceLevel) × √(L × σ_i² + d̄² × σ_L²)`, the demand uncertainty over the lead
 * time and the supply uncertainty of a late delivery (σ_L² = r(1 − r), {@link leadTimeVariance});
 * with a supplier that is always on time it is DESIGN's `Z × σ_i × √L`.
 * PERCENTAGE: `mean daily demand × L × percent`.
 * Never negative (a service level under 0.5 gives 0, not a negative buffer).
 */
export function safetyStock(input: SafetyStockInput): number {
  const lead = Math.max(0, input.leadTimeDays);
  const value =
    input.method === 'STATISTICAL'
      ? inverseNormalCdf(input.serviceLevel) * Math.sqrt(lead * input.demandSigma ** 2 + input.meanDailyDemand ** 2 * leadTimeVariance(input.reliability))
      : input.meanDailyDemand * lead * input.safetyStockPercent;
  return Math.max(0, value);
}
