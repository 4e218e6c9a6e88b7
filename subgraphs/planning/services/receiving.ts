import { createHash } from 'node:crypto';
import { notFound } from '../../../platform/errors.ts';
import type { Unit } from '../engine/index.ts';
import type { PlanningRepository } from '../repository.ts';
import type { PurchaseOrder, PurchaseOrderStatus, StoredLine } from '../repository/purchase-orders.ts';
import type { PurchaseOrderReceipt } from '../repository/receipts.ts';
import { refuseInput, type ReceiptInput } from '../validation.ts';

/**
 * Receiving a purchase order: what arrived, per lot, in ONE planning transaction with the
 * order's new status and the outbox row that posts the lots to inventory (services/stock-postings.ts
 * sends it). No over-receipt tolerance: a line may bring at most what is still outstanding of its
 * ingredient (the order's lines of that ingredient, less what arrived before, at inventory's 3
 * decimals); a supplier who delivers more is recorded by raising the order first, never silently.
 */

/** Orders that can still receive. */
const RECEIVABLE: readonly PurchaseOrderStatus[] = ['SUBMITTED', 'PARTIALLY_RECEIVED'];

export interface ReceiptOutcome {
  order: PurchaseOrder;
  /** Null when `markPurchaseOrderReceived` found the order RECEIVED already. */
  receipt: PurchaseOrderReceipt | null;
  /** The outbox row posting the receipt's lots (null with the receipt). */
  postingId: string | null;
}

/** What recording a receipt answers: the receipt is always there (written now, or found by its key). */
export interface RecordedReceipt extends ReceiptOutcome {
  receipt: PurchaseOrderReceipt;
}

type ReceiptLineInput = ReceiptInput['lines'][number];

/**
 * Records a receipt. The idempotency key is the client's (`idempotencyKey`) or else a hash of
 * the content (receivedOn and the lines with their lots and expiries, in any order): a retried
 * call finds the receipt it wrote and returns it, whatever the order's status by then; the same
 * client key with other content is a BAD_USER_INPUT error. Two identical deliveries on one day
 * (same quantities, lots and expiries) are told apart only by client keys.
 */
export function receivePurchaseOrder(repository: PlanningRepository, input: ReceiptInput, recordedBy: string): Promise<RecordedReceipt> {
  return repository.transaction(async (transaction) => {
    const order = await transaction.purchaseOrders.lock(input.id);
    if (!order) throw notFound(`No purchase order ${input.id} in this bakery`);
    const contentHash = hashReceipt(input.receivedOn, input.lines);
    const idempotencyKey = input.idempotencyKey ? `client:${input.idempotencyKey}` : `sha256:${contentHash}`;
    const earlier = await transaction.receipts.findByKey(order.id, idempotencyKey);
    if (earlier) {
      if (earlier.contentHash !== contentHash) {
        refuseInput([{ path: 'input.idempotencyKey', message: `already used for another receipt of purchase order ${order.id} (${earlier.receivedOn})` }]);
      }
      const [posting] = await transaction.stockPostings.findBySourceIds('PURCHASE_ORDER_RECEIPT', [earlier.id]);
      return { order, receipt: earlier, postingId: posting?.id ?? null };
    }
    assertReceivable(order);
    const orderLines = await transaction.purchaseOrders.findLinesByPurchaseOrderIds([order.id]);
    const allocation = allocateReceipt(order.id, orderLines, input.lines);
    return recordReceipt(transaction, order, { receivedOn: input.receivedOn, lines: input.lines, idempotencyKey, contentHash, recordedBy }, allocation);
  });
}

/**
 * `markPurchaseOrderReceived`: receives everything still outstanding, on `today` (the bakery's
 * day), without lot codes (perishables expire by their shelf life). An order already RECEIVED is
 * returned as it is.
 */
export function receiveEverythingOutstanding(repository: PlanningRepository, id: string, recordedBy: string, today: string): Promise<ReceiptOutcome> {
  return repository.transaction(async (transaction) => {
    const order = await transaction.purchaseOrders.lock(id);
    if (!order) throw notFound(`No purchase order ${id} in this bakery`);
    if (order.status === 'RECEIVED') return { order, receipt: null, postingId: null };
    assertReceivable(order);
    const orderLines = await transaction.purchaseOrders.findLinesByPurchaseOrderIds([order.id]);
    const lines = [...outstandingByIngredient(orderLines)]
      .filter(([, thousandths]) => thousandths > 0)
      .map(([ingredientId, thousandths]) => ({ ingredientId, quantity: thousandths / 1000, lot: null, expiresOn: null }));
    const allocation = allocateReceipt(order.id, orderLines, lines);
    // At most one such receipt per order and day: it leaves the order RECEIVED.
    const receipt = { receivedOn: today, lines, idempotencyKey: `outstanding:${today}`, contentHash: hashReceipt(today, lines), recordedBy };
    return recordReceipt(transaction, order, receipt, allocation);
  });
}

function assertReceivable(order: PurchaseOrder): void {
  if (RECEIVABLE.includes(order.status)) return;
  const why = order.status === 'RECEIVED' ? 'everything ordered has arrived' : order.status === 'DRAFT' ? 'submit it first' : 'it was cancelled';
  refuseInput([{ path: 'input.id', message: `purchase order ${order.id} is ${order.status} (${why}); only a SUBMITTED or PARTIALLY_RECEIVED order can be received` }]);
}

interface Allocation {
  /** Micro-units (1e-6) added to each order line, by line id. */
  receivedByLineId: Map<string, number>;
  /** Nothing of the order is outstanding afterwards. */
  complete: boolean;
  unitByIngredient: Map<string, Unit>;
}

const thousandthsOf = (quantity: number) => Math.round(quantity * 1000);
const microOf = (quantity: number) => Math.round(quantity * 1_000_000);

/** What is still to come of each ingredient of an order, in thousandths (inventory's precision). */
function outstandingByIngredient(orderLines: readonly StoredLine[]): Map<string, number> {
  const outstanding = new Map<string, number>();
  for (const line of orderLines) {
    const left = Math.max(0, thousandthsOf(line.quantity - line.receivedQuantity));
    outstanding.set(line.ingredientId, (outstanding.get(line.ingredientId) ?? 0) + left);
  }
  return outstanding;
}

/**
 * Checks a receipt against the order (every ingredient on it, no ingredient over what is
 * outstanding: BAD_USER_INPUT naming each offending line, nothing written) and spreads each
 * ingredient's quantity over its order lines, earliest delivery first.
 */
function allocateReceipt(orderId: string, orderLines: readonly StoredLine[], lines: readonly ReceiptLineInput[]): Allocation {
  const outstanding = outstandingByIngredient(orderLines);
  const arriving = new Map<string, number>();
  const problems: { path: string; message: string }[] = [];
  lines.forEach((line, index) => {
    if (!outstanding.has(line.ingredientId)) {
      problems.push({ path: `input.lines.${index}.ingredientId`, message: `ingredient ${line.ingredientId} is not on purchase order ${orderId}` });
      return;
    }
    const total = (arriving.get(line.ingredientId) ?? 0) + thousandthsOf(line.quantity);
    arriving.set(line.ingredientId, total);
    const left = outstanding.get(line.ingredientId)!;
    if (total > left) {
      problems.push({
        path: `input.lines.${index}.quantity`,
        message: `brings ingredient ${line.ingredientId} to ${total / 1000} in this receipt, more than the ${left / 1000} still outstanding on the order (no over-receipt is accepted)`,
      });
    }
  });
  refuseInput(problems);
  const receivedByLineId = new Map<string, number>();
  const sorted = [...orderLines].sort((a, b) => (a.deliveryDate === b.deliveryDate ? a.position - b.position : a.deliveryDate < b.deliveryDate ? -1 : 1));
  for (const [ingredientId, thousandths] of arriving) {
    let left = thousandths * 1000;
    for (const line of sorted) {
      if (line.ingredientId !== ingredientId || left <= 0) continue;
      const room = microOf(line.quantity) - microOf(line.receivedQuantity);
      const taken = Math.min(room, left);
      if (taken > 0) receivedByLineId.set(line.id, taken);
      left -= taken;
    }
  }
  const complete = [...outstanding].every(([ingredientId, left]) => left - (arriving.get(ingredientId) ?? 0) === 0);
  return { receivedByLineId, complete, unitByIngredient: new Map(orderLines.map((line) => [line.ingredientId, line.unit])) };
}

/** Writes the receipt, the lines' arrived quantities, the order's status and the outbox row. */
async function recordReceipt(
  transaction: PlanningRepository,
  order: PurchaseOrder,
  receipt: { receivedOn: string; lines: readonly ReceiptLineInput[]; idempotencyKey: string; contentHash: string; recordedBy: string },
  allocation: Allocation,
): Promise<RecordedReceipt> {
  const stored = await transaction.receipts.insert(
    { purchaseOrderId: order.id, receivedOn: receipt.receivedOn, idempotencyKey: receipt.idempotencyKey, contentHash: receipt.contentHash, recordedBy: receipt.recordedBy },
    receipt.lines.map((line) => ({ ...line, unit: allocation.unitByIngredient.get(line.ingredientId)! })),
  );
  await transaction.purchaseOrders.addReceivedQuantities(new Map([...allocation.receivedByLineId].map(([id, micro]) => [id, micro / 1_000_000])));
  const updated = await transaction.purchaseOrders.setReceivedStatus(order.id, allocation.complete ? 'RECEIVED' : 'PARTIALLY_RECEIVED');
  const posting = await transaction.stockPostings.insert(
    { kind: 'PURCHASE_ORDER_RECEIPT', id: stored.id },
    {
      kind: 'RECEIPT',
      occurredOn: receipt.receivedOn,
      note: `Purchase order ${order.id}, receipt ${stored.id}`,
      lines: receipt.lines.map((line) => ({ ingredientId: line.ingredientId, quantity: line.quantity, lotCode: line.lot, expiresOn: line.expiresOn })),
    },
  );
  return { order: updated, receipt: stored, postingId: posting.id };
}

/** SHA-256 of a receipt's day and lines, the lines in a canonical order (a retry may list them otherwise). */
function hashReceipt(receivedOn: string, lines: readonly ReceiptLineInput[]): string {
  const canonical = lines
    .map((line) => [line.ingredientId, line.lot ?? '', line.expiresOn ?? '', thousandthsOf(line.quantity)] as const)
    .sort((a, b) => (a.join('|') < b.join('|') ? -1 : a.join('|') > b.join('|') ? 1 : 0));
  return createHash('sha256').update(JSON.stringify({ receivedOn, lines: canonical })).digest('hex');
}
