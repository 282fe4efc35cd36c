/**
 * The matching board (docs/rules.md#shelf-board): site providers post sites, suppliers post supply offers,
 * shelf operators post requests. Posts are filed by kind and city, so a city is searched
 * by one key range.
 *
 * @packageDocumentation
 */
import { SHELF } from '@loulan/protocol';
import type { Context } from 'fabric-contract-api';

import { decodeJson, MAX_FEN_ARGUMENT, parseInteger, parseText } from '../ledger/args';
import { AlreadyExistsError, InvalidArgumentError } from '../ledger/errors';
import { executeWrite, type WriteScope } from '../ledger/execute';
import { requireKeyPart } from '../ledger/keys';
import { isJsonObject, type JsonValue } from '../ledger/state';
import type { OfferSku, Post, PostKind } from './records';
import { postIndex, writePost } from './repository';
import { BPS } from './settlement';

/** Most SKUs one supply offer lists. */
export const MAX_OFFER_SKUS = 100;

type PostFields = Pick<Post, 'location' | 'footfall' | 'desiredShareBps' | 'skus' | 'description'>;

const NO_FIELDS: PostFields = { location: null, footfall: null, desiredShareBps: null, skus: [], description: null };

async function createPost(scope: WriteScope, kind: PostKind, postId: string, city: string, fields: PostFields): Promise<JsonValue> {
  const id = requireKeyPart(postId, 'postId');
  const cityPart = requireKeyPart(city, 'city');
  if ((await postIndex.read(scope.stub, kind, id)) !== undefined) {
    throw new AlreadyExistsError(`a ${kind} post ${id} exists already`, { kind, postId: id });
  }
  const post: Post = { kind, postId: id, owner: scope.caller.account, city: cityPart, ...fields, postedAt: scope.time, txId: scope.txId };
  await writePost(scope.stub, post);
  return post;
}

/**
 * PostSite (site-provider): offers a site for a shelf.
 *
 * @returns the Post as JSON
 */
export async function postSite(
  ctx: Context,
  requestId: string,
  siteId: string,
  city: string,
  location: string,
  footfall: string,
  desiredShareBps: string,
): Promise<string> {
  const spec = {
    tx: SHELF.transactions.PostSite,
    requestId,
    args: [siteId, city, location, footfall, desiredShareBps],
  };
  return executeWrite(ctx, spec, (scope) =>
    createPost(scope, 'site', siteId, city, {
      ...NO_FIELDS,
      location: parseText(location, 'location', 256),
      footfall: parseInteger(footfall, 'footfall', 0, 10_000_000),
      desiredShareBps: parseInteger(desiredShareBps, 'desiredShareBps', 0, BPS),
    }),
  );
}

/**
 * PostOffer (supplier): offers SKUs at a supplier cost.
 *
 * @returns the Post as JSON
 */
export async function postOffer(ctx: Context, requestId: string, offerId: string, city: string, skusJson: string): Promise<string> {
  const spec = { tx: SHELF.transactions.PostOffer, requestId, args: [offerId, city, skusJson] };
  return executeWrite(ctx, spec, (scope) => createPost(scope, 'offer', offerId, city, { ...NO_FIELDS, skus: parseSkus(skusJson) }));
}

/**
 * PostRequest (shelf-operator): asks for sites and suppliers in a city.
 *
 * @returns the Post as JSON
 */
export async function postRequest(ctx: Context, requestId: string, postingId: string, city: string, description: string): Promise<string> {
  const spec = { tx: SHELF.transactions.PostRequest, requestId, args: [postingId, city, description] };
  return executeWrite(ctx, spec, (scope) =>
    createPost(scope, 'request', postingId, city, { ...NO_FIELDS, description: parseText(description, 'description', 1024) }),
  );
}

/**
 * Checks an offer's SKU list: `[{sku, costFen}]`, 1 to {@link MAX_OFFER_SKUS}, SKUs distinct.
 *
 * @param json - the argument as received
 * @returns the SKUs
 * @throws InvalidArgumentError otherwise
 */
export function parseSkus(json: unknown): OfferSku[] {
  const value = typeof json === 'string' && json.length <= 65_536 ? decodeJson(json) : undefined;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_OFFER_SKUS) {
    throw new InvalidArgumentError(`skusJson must be an array of 1 to ${MAX_OFFER_SKUS} SKUs`, { field: 'skusJson' });
  }
  const items: unknown[] = value;
  const skus = items.map((item, index) => {
    if (!isJsonObject(item) || Object.keys(item).length !== 2) {
      throw new InvalidArgumentError('each SKU is {sku, costFen}', { field: 'skusJson', index });
    }
    return {
      sku: requireKeyPart(item.sku, 'sku'),
      costFen: parseInteger(typeof item.costFen === 'number' ? String(item.costFen) : '', 'costFen', 0, MAX_FEN_ARGUMENT),
    };
  });
  if (new Set(skus.map((sku) => sku.sku)).size !== skus.length) {
    throw new InvalidArgumentError('SKUs of an offer are distinct', { field: 'skusJson' });
  }
  return skus;
}
