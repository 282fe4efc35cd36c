import { StatusCode } from '@hyperledger/fabric-gateway';
import express from 'express';
import request from 'supertest';

import { AppError, ValidationError } from '../src/errors';
import { ChaincodeError, FabricRequestError, NetworkUnavailableError, TransactionFailedError } from '../src/fabric/errors';
import { errorHandler } from '../src/http/errors';
import { requestId } from '../src/http/request-id';
import { memoryLogger } from './support/fakes';
import { match } from './support/matchers';

/** A minimal app whose only route throws `error`, to observe the mapping in isolation. */
function failingApp(error: unknown): { app: express.Express; lines: Array<Record<string, unknown>> } {
  const { logger, lines } = memoryLogger();
  const app = express();
  app.use(requestId());
  app.get('/fail', () => {
    throw error;
  });
  app.use(errorHandler(logger));
  return { app, lines };
}

describe('errorHandler', () => {
  it.each([
    [new ValidationError('amount must be positive', { details: { field: 'amount' } }), 400, 'VALIDATION_FAILED'],
    [new AppError('UNAUTHENTICATED', 'missing credentials'), 401, 'UNAUTHENTICATED'],
    [new AppError('FORBIDDEN', 'not your member'), 403, 'FORBIDDEN'],
    [new ChaincodeError('NOT_FOUND', 'no member m-1', { details: { memberId: 'm-1' } }), 404, 'NOT_FOUND'],
    [new ChaincodeError('CONFLICT', 'coupon already redeemed'), 409, 'CONFLICT'],
    [new ChaincodeError('DUPLICATE_REQUEST', 'key reused'), 409, 'DUPLICATE_REQUEST'],
    [new TransactionFailedError('tx-1', StatusCode.MVCC_READ_CONFLICT), 409, 'TRANSACTION_FAILED'],
    [new ChaincodeError('INSUFFICIENT_POINTS', 'balance too low'), 422, 'INSUFFICIENT_POINTS'],
    [new NetworkUnavailableError('peer down'), 503, 'NETWORK_UNAVAILABLE'],
  ])('maps %p to %i', async (error, status, code) => {
    const response = await request(failingApp(error).app).get('/fail').set('X-Request-Id', 'r-1');

    expect(response.status).toBe(status);
    expect(response.body).toEqual({
      code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
      requestId: 'r-1',
    });
  });

  it('tells clients when to try again after NETWORK_UNAVAILABLE, and only then', async () => {
    const unknown = new NetworkUnavailableError('outcome not known yet', { transactionId: 'tx-9', outcomeUnknown: true });

    const unavailable = await request(failingApp(unknown).app).get('/fail');
    const conflict = await request(failingApp(new TransactionFailedError('tx-1', StatusCode.MVCC_READ_CONFLICT)).app).get('/fail');

    expect(unavailable.status).toBe(503);
    expect(unavailable.headers['retry-after']).toBe('5');
    expect(unavailable.body).toMatchObject({ details: { transactionId: 'tx-9', outcomeUnknown: true } });
    expect(conflict.headers['retry-after']).toBeUndefined();
  });

  it('keeps the code but hides the message of server-side AppErrors', async () => {
    const error = new FabricRequestError(9, 'access denied: channel [loulan] creator org [Org9MSP]');

    const response = await request(failingApp(error).app).get('/fail');

    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      code: 'FABRIC_REQUEST_FAILED',
      message: 'internal error',
      requestId: response.headers['x-request-id'],
    });
  });

  it('answers unknown errors with a bare 500 and logs them in full', async () => {
    const { app, lines } = failingApp(new TypeError('secret internals'));

    const response = await request(app).get('/fail').set('X-Request-Id', 'r-2');

    expect(response.status).toBe(500);
    expect(response.body).toEqual({ code: 'INTERNAL_ERROR', message: 'internal error', requestId: 'r-2' });
    expect(JSON.stringify(response.body)).not.toMatch(/secret|TypeError|at /);
    expect(lines).toContainEqual(
      match.objectContaining({
        level: 50,
        requestId: 'r-2',
        err: match.objectContaining({ message: 'secret internals' }),
      }),
    );
  });
});
