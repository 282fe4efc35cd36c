import type { Request, Response } from 'express';

import type { CommittedWrite } from '../contract/client';
import { ValidationError } from '../errors';
import { ID_PATTERN } from './dto-rules';

/** Header carrying the business id of a write (docs/points.md, "Exactly once"). */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** The business id of a write, from the Idempotency-Key header. */
export function idempotencyKey(req: Request): string {
  const key = req.get(IDEMPOTENCY_KEY_HEADER);
  if (key === undefined || !ID_PATTERN.test(key)) {
    throw new ValidationError(`${IDEMPOTENCY_KEY_HEADER} header is missing or invalid`, {
      details: {
        fields: {
          [IDEMPOTENCY_KEY_HEADER]: ['must be 1-64 characters of A-Za-z0-9._:@- starting with a letter or digit'],
        },
      },
    });
  }
  return key;
}

/** `200 { result, transactionId, blockNumber }`, the block number as a decimal string (it is a 64-bit value). */
export function sendWrite<T>(res: Response, write: CommittedWrite<T>): void {
  res.json({ result: write.result, transactionId: write.transactionId, blockNumber: write.blockNumber.toString() });
}
