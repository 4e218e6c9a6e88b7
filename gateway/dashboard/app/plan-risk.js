// What a plan's projections say is at risk. Today, Stock and Production all read it from here, so
// they cannot disagree: an ingredient is at risk when its projected stock (with this plan's
// deliveries and the submitted orders) falls below its safety stock on some day, or when the stock
// cannot serve a day's demand (a shortfall: that demand is lost, and batches go unbaked).

/** Projections carry 6-decimal quantities; a difference below this is rounding, not risk. */
const EPSILON = 1e-6;

/**
 * The plan's ingredients at risk, most urgent first (earliest day at risk, then name). Each entry:
 * `{ projection, belowSafetyOn, lostDemand, shortDays }` — the first date the closing stock is
 * below safety stock (null if never), the demand lost over the projection, and the dates it is lost.
 */
export function ingredientsAtRisk(projections) {
  return (projections ?? [])
    .map((projection) => {
      const below = projection.days.find((day) => day.closing < projection.safetyStock - EPSILON);
      const shortDays = projection.days.filter((day) => day.shortfall > EPSILON);
      return {
        projection,
        belowSafetyOn: below?.date ?? null,
        lostDemand: shortDays.reduce((sum, day) => sum + day.shortfall, 0),
        shortDays: shortDays.map((day) => day.date),
      };
    })
    .filter((risk) => risk.belowSafetyOn !== null || risk.shortDays.length > 0)
    .sort((a, b) => firstRiskDate(a).localeCompare(firstRiskDate(b)) || a.projection.ingredient.name.localeCompare(b.projection.ingredient.name));
}

function firstRiskDate(risk) {
  return [risk.belowSafetyOn, risk.shortDays[0]].filter(Boolean).sort()[0];
}

/**
 * Batches that cannot be baked, by date: `[{ date, products: [{ product, batches, short: [names] }] }]`
 * in date order. Several ingredients short on one day each block some batches of a product; the
 * product loses the most any one of them blocks (the batches one shortage stops are stopped
 * whatever the others do), so the count is the largest, not the sum.
 */
export function blockedDays(projections) {
  const byDate = new Map();
  for (const projection of projections ?? []) {
    for (const day of projection.days) {
      for (const blocked of day.blockedProduction ?? []) {
        const products = byDate.get(day.date) ?? new Map();
        byDate.set(day.date, products);
        const entry = products.get(blocked.product.id) ?? { product: blocked.product, batches: 0, short: [] };
        entry.batches = Math.max(entry.batches, blocked.batches);
        entry.short.push(projection.ingredient.name);
        products.set(blocked.product.id, entry);
      }
    }
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, products]) => ({
      date,
      products: [...products.values()].sort((a, b) => a.product.name.localeCompare(b.product.name)),
    }));
}
