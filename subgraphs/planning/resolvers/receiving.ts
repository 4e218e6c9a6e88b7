import { requireRole } from '../../../platform/auth.ts';
import type { SubgraphContext } from '../../subgraph-server.ts';
import type { PlanningLoaders } from '../loaders.ts';
import type { PurchaseOrderReceipt, ReceiptLine } from '../repository/receipts.ts';
import { receivePurchaseOrder } from '../services/receiving.ts';
import { dispatchStockPosting } from '../services/stock-postings.ts';
import { parseReceiptInput } from '../validation.ts';
import { bakeryToday } from './bakery-day.ts';
import { entity } from './references.ts';
import { repositoryOf } from './repository.ts';

type Context = SubgraphContext<PlanningLoaders>;

/**
 * Posts a receipt's lots to inventory right after the receipt committed (its outbox row); a post
 * that fails is left to the dispatcher, and the receipt's stockPosted says so.
 */
export async function postReceiptStock(context: Context, postingId: string | null): Promise<void> {
  if (postingId) await dispatchStockPosting(context.db, context.inventoryService, postingId, context.logger);
}

export const receivingMutations = {
  receivePurchaseOrder: async (_: unknown, args: { input: unknown }, context: Context) => {
    requireRole(context.caller, 'PLANNER');
    const input = parseReceiptInput(args.input, await bakeryToday(context));
    const { receipt, postingId } = await receivePurchaseOrder(repositoryOf(context), input, context.caller.userId);
    await postReceiptStock(context, postingId);
    return receipt;
  },
};

export const PurchaseOrderReceiptResolvers = {
  purchaseOrder: (receipt: PurchaseOrderReceipt, _: unknown, context: Context) => context.loaders.purchaseOrderById.load(receipt.purchaseOrderId),
  lines: (receipt: PurchaseOrderReceipt, _: unknown, context: Context) => context.loaders.receiptLinesByReceiptId.load(receipt.id),
  stockPosted: async (receipt: PurchaseOrderReceipt, _: unknown, context: Context) =>
    Boolean((await context.loaders.stockPostingByReceiptId.load(receipt.id))?.postedAt),
};

export const ReceiptLineResolvers = {
  ingredient: (line: ReceiptLine) => entity('Ingredient', line.ingredientId),
  expiresOn: async (line: ReceiptLine, _: unknown, context: Context) => {
    if (line.expiresOn) return line.expiresOn;
    const posting = await context.loaders.stockPostingByReceiptId.load(line.receiptId);
    return posting?.result?.lines[line.position]?.expiresOn ?? null;
  },
};
