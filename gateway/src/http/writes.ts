import type { Request, Response } from 'express';

import type { CommittedWrite } from '../contract/client';
import { ValidationError } from '../errors';
import { ID_PATTERN } from './dto-rules';

/** Header telling how long the Fabric call of a write took. */
export const SERVER_TIMING_HEADER = 'Server-Timing';

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

/**
 * `200 { result, transactionId, blockNumber }`, the block number as a decimal string (it is a 64-bit
 * value), with `Server-Timing: fabric;dur=<ms>`, the time the Fabric call took (W3C Server Timing).
 */
export function sendWrite<T>(res: Response, write: CommittedWrite<T>): void {
  res.setHeader(SERVER_TIMING_HEADER, `fabric;dur=${write.fabricMs.toFixed(1)}`);
  res.json({ result: write.result, transactionId: write.transactionId, blockNumber: write.blockNumber.toString() });
}
