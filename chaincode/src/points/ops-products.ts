/**
 * Points-only products: the platform lists and restocks them, consumers buy them with
 * points that go to the treasury.
 *
 * @packageDocumentation
 */
import { POINTS, TREASURY_ACCOUNT } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { MAX_POINTS_ARGUMENT, parseInteger, parseText, safeAdd } from '../ledger/args';
import { AlreadyExistsError, InvalidArgumentError, SoldOutError } from '../ledger/errors';
import { executeWrite } from '../ledger/execute';
import { requireKeyPart } from '../ledger/keys';
import { creditLane, DEFAULT_DEBIT_LANE } from '../ledger/lanes';
import { mulAtMost } from '../ledger/money';
import type { Product } from './records';
import { products } from './repository';

const NAME_MAX_LENGTH = 128;
/** Most units one argument may list, restock or buy. */
const MAX_QUANTITY = 1_000_000_000;

/**
 * ListProduct: lists a new product.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @param productId - product id
 * @param name - display name
 * @param pricePoints - price of one unit
 * @param stock - units available
 * @returns the Product as JSON
 */
export async function listProduct(
  ctx: Context,
  requestId: string,
  productId: string,
  name: string,
  pricePoints: string,
  stock: string,
): Promise<string> {
  const spec = { tx: POINTS.transactions.ListProduct, requestId, args: [productId, name, pricePoints, stock] };
  return executeWrite(ctx, spec, async ({ stub, time }) => {
    const id = requireKeyPart(productId, 'productId');
    const product: Product = {
      productId: id,
      name: parseText(name, 'name', NAME_MAX_LENGTH),
      pricePoints: parseInteger(pricePoints, 'pricePoints', 1, MAX_POINTS_ARGUMENT),
      stock: parseInteger(stock, 'stock', 0, MAX_QUANTITY),
      sold: 0,
      updatedAt: time,
    };
    if ((await products.read(stub, id)) !== undefined) {
      throw new AlreadyExistsError(`product ${id} is already listed`, { productId: id });
    }
    await products.write(stub, product, id);
    return product;
  });
}

/**
 * RestockProduct: adds units to a product's stock.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @param productId - product id
 * @param quantity - units to add
 * @returns the Product as JSON
 */
export async function restockProduct(ctx: Context, requestId: string, productId: string, quantity: string): Promise<string> {
  const spec = { tx: POINTS.transactions.RestockProduct, requestId, args: [productId, quantity] };
  return executeWrite(ctx, spec, async ({ stub, time }) => {
    const product = await products.require(stub, 'productId', productId);
    const added = parseInteger(quantity, 'quantity', 1, MAX_QUANTITY);
    const restocked: Product = { ...product, stock: safeAdd(product.stock, added), updatedAt: time };
    await products.write(stub, restocked, product.productId);
    return restocked;
  });
}

/**
 * BuyProduct: a consumer buys units of a product with points.
 *
 * @param ctx - transaction context
 * @param requestId - business id
 * @param productId - product id
 * @param quantity - units to buy
 * @returns the ProductPurchase as JSON
 */
export async function buyProduct(ctx: Context, requestId: string, productId: string, quantity: string): Promise<string> {
  const spec = { tx: POINTS.transactions.BuyProduct, requestId, args: [productId, quantity] };
  return executeWrite(ctx, spec, async ({ stub, caller, book, requestId: id, txId, time }) => {
    const product = await products.require(stub, 'productId', productId);
    const units = parseInteger(quantity, 'quantity', 1, MAX_QUANTITY);
    if (product.stock < units) {
      throw new SoldOutError(`product ${product.productId} has ${product.stock} units left`, {
        productId: product.productId,
        stock: product.stock,
        quantity: units,
      });
    }
    // Up to 10^9 units × 10^12 points: exact, and refused above what one argument may carry.
    const points = mulAtMost(units, product.pricePoints, MAX_POINTS_ARGUMENT);
    if (points === undefined) {
      throw new InvalidArgumentError(`quantity would cost more than ${MAX_POINTS_ARGUMENT} points`, { field: 'quantity' });
    }
    await book.transfer({
      from: caller.account,
      fromLane: DEFAULT_DEBIT_LANE,
      to: TREASURY_ACCOUNT,
      toTarget: creditLane(txId),
      points,
      kind: 'PRODUCT_PURCHASE',
      requestId: id,
      reference: product.productId,
    });
    const bought = { ...product, stock: product.stock - units, sold: safeAdd(product.sold, units), updatedAt: time };
    await products.write(stub, bought, product.productId);
    return {
      requestId: id,
      productId: product.productId,
      consumer: caller.account,
      quantity: units,
      points,
      stockLeft: product.stock - units,
      txId,
      time,
    };
  });
}
