import { requireRole } from '../../../platform/auth.ts';
import type { PlanningContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { receivePurchaseOrder } from '../services/receiving.ts';
import { dispatchStockPosting } from '../services/stock-postings.ts';
import { parseReceiptInput } from '../validation.ts';
import { bakeryToday } from './bakery-day.ts';
import { entity } from './references.ts';

/**
 * Posts a receipt's lots or a baking record's consumption to inventory right after it committed
 * (its outbox row); a post that fails is left to the dispatcher, and `stockPosted` says so.
 */
export async function postStockAtOnce(context: PlanningContext, postingId: string | null): Promise<void> {
  if (postingId) await dispatchStockPosting(context.db, context.inventoryService, postingId, context.logger);
}

export const receivingResolvers: Resolvers = {
  Mutation: {
    receivePurchaseOrder: async (_, args, context) => {
      requireRole(context.caller, 'PLANNER');
      const input = parseReceiptInput(args.input, await bakeryToday(context));
      const { receipt, postingId } = await receivePurchaseOrder(context.loaders.repository, input, context.caller.userId);
      await postStockAtOnce(context, postingId);
      return receipt;
    },
  },

  PurchaseOrderReceipt: {
    purchaseOrder: async (receipt, _, context) => {
      const order = await context.loaders.purchaseOrderById.load(receipt.purchaseOrderId);
      if (!order) throw new Error(`purchase order ${receipt.purchaseOrderId} vanished`);
      return order;
    },
    lines: (receipt, _, context) => context.loaders.receiptLinesByReceiptId.load(receipt.id),
    stockPosted: async (receipt, _, context) => Boolean((await context.loaders.stockPostingByReceiptId.load(receipt.id))?.postedAt),
  },

  ReceiptLine: {
    ingredient: (line) => entity('Ingredient', line.ingredientId),
    expiresOn: async (line, _, context) => {
      if (line.expiresOn) return line.expiresOn;
      const posting = await context.loaders.stockPostingByReceiptId.load(line.receiptId);
      return posting?.result?.lines[line.position]?.expiresOn ?? null;
    },
  },
};
