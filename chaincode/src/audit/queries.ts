/**
 * Read-only transactions of the audit contract.
 *
 * @packageDocumentation
 */
import type { Context } from 'fabric-contract-api';

import { readingCaller } from '../ledger/accounts';
import { type Caller } from '../ledger/caller';
import { ForbiddenError } from '../ledger/errors';
import { partialKey } from '../ledger/keys';
import { parsePageSize, readPage } from '../ledger/paging';
import { readFields } from '../ledger/reader';
import { stableStringify } from '../ledger/state';
import { entityKeys } from './entities';
import { readHistoryPage } from './history';

/**
 * One page of an entity's versions. Auditors and the platform admin read any entity; every
 * other member only the history of its own account.
 *
 * @param ctx - transaction context
 * @param entityType - `account`, `couponClass`, `plan`, `loan`, `shelf` or `statement`
 * @param entityId - the entity's id (`<shelfId>:<day>` for a statement)
 * @param pageSize - 1-100
 * @param bookmark - `""` for the first page
 * @returns `{entityType, entityId, items: [{txId, time, isDelete, value}], bookmark}` as JSON
 */
export async function getHistory(ctx: Context, entityType: string, entityId: string, pageSize: string, bookmark: string): Promise<string> {
  const caller = await readingCaller(ctx);
  const entity = entityKeys(entityType, entityId);
  if (!seesEverything(caller) && !(entity.entityType === 'account' && entity.entityId === caller.account)) {
    throw new ForbiddenError('only an auditor or a platform admin may read this history; members read their own account', {
      role: caller.role,
      entityType: entity.entityType,
    });
  }
  const page = await readHistoryPage(ctx.stub, entity, parsePageSize(pageSize), bookmark);
  return stableStringify(page);
}

/**
 * Ids of the coupon classes, in key order, for the coupon supply check of every class.
 *
 * @param ctx - transaction context
 * @param pageSize - 1-100
 * @param bookmark - `""` for the first page
 * @returns `{items: [classId], bookmark}` as JSON
 */
export async function listCouponClasses(ctx: Context, pageSize: string, bookmark: string): Promise<string> {
  const caller = await readingCaller(ctx);
  if (!seesEverything(caller)) {
    throw new ForbiddenError('only an auditor or a platform admin may list every coupon class', { role: caller.role });
  }
  const page = await readPage(ctx.stub, partialKey('cpnclass'), parsePageSize(pageSize), bookmark, (value) =>
    readFields(value, 'coupon class').string('classId'),
  );
  return stableStringify(page);
}

function seesEverything(caller: Caller): boolean {
  return caller.role === 'auditor' || caller.role === 'admin';
}
