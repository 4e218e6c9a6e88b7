import { PlanningInputError } from './errors.ts';
import type { PlanningSettings } from './types.ts';

/** Contract checks shared by the stages; each names the rule and the value received. */

export function assertHorizon(horizonDays: number): void {
  if (!Number.isInteger(horizonDays) || horizonDays < 1) {
    throw new PlanningInputError(`horizonDays must be a whole number of days ≥ 1, got ${horizonDays}`);
  }
}

export function assertSettings(settings: PlanningSettings): void {
  if (settings.safetyStockMethod === 'STATISTICAL' && !(settings.serviceLevel > 0 && settings.serviceLevel < 1)) {
    throw new PlanningInputError(`serviceLevel must be strictly between 0 and 1, got ${settings.serviceLevel}`);
  }
  if (settings.safetyStockMethod === 'PERCENTAGE' && !(settings.safetyStockPercent >= 0)) {
    throw new PlanningInputError(
      `safetyStockPercent must be a fraction ≥ 0 (0.5 = 50 %), got ${settings.safetyStockPercent}`,
    );
  }
  const { price, leadTime, reliability } = settings.supplierWeights;
  if (![price, leadTime, reliability].every((weight) => Number.isFinite(weight) && weight >= 0)) {
    throw new PlanningInputError(
      `supplierWeights must be finite and ≥ 0, got price ${price}, leadTime ${leadTime}, reliability ${reliability}`,
    );
  }
}
