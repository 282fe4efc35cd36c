import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitError, CommitStatusError, EndorseError, GatewayError, StatusCode } from '@hyperledger/fabric-gateway';

import { ValidationError } from '../src/errors';
import { ChaincodeError, FabricRequestError, fromFabricError, NetworkUnavailableError, TransactionFailedError } from '../src/fabric/errors';
import { serviceError } from './support/grpc';

describe('fromFabricError', () => {
  const peerDetail = (message: string): { address: string; mspId: string; message: string } => ({
    address: 'peer0.org1.loulan.test:7051',
    mspId: 'Org1MSP',
    message,
  });

  const unreachable = [GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED];

  it.each(unreachable)('maps gRPC status %s to NetworkUnavailableError', (code) => {
    const cause = new GatewayError({ code, details: [], cause: serviceError(code, 'peer down') });

    const err = fromFabricError(cause, 'tx-1');

    expect(err).toBeInstanceOf(NetworkUnavailableError);
    expect(err).toMatchObject({ code: 'NETWORK_UNAVAILABLE', transactionId: 'tx-1', outcomeUnknown: false, cause });
    expect(err instanceof NetworkUnavailableError ? err.details : err).toBeUndefined();
  });

  it('flags an unknown outcome when the commit status could not be read', () => {
    const cause = new CommitStatusError({
      code: GrpcStatus.DEADLINE_EXCEEDED,
      details: [],
      cause: serviceError(GrpcStatus.DEADLINE_EXCEEDED, 'deadline'),
      transactionId: 'tx-2',
    });

    expect(fromFabricError(cause)).toMatchObject({
      code: 'NETWORK_UNAVAILABLE',
      transactionId: 'tx-2',
      outcomeUnknown: true,
      details: { transactionId: 'tx-2', outcomeUnknown: true },
    });
  });

  it('extracts the chaincode error from endorsement details', () => {
    const cause = new EndorseError({
      code: GrpcStatus.ABORTED,
      message: '10 ABORTED: failed to endorse transaction, see attached details for more info',
      details: [
        peerDetail('chaincode response 500, ' + '{"code":"INSUFFICIENT_POINTS","message":"balance 3 is below 5","details":{"balance":3}}'),
      ],
      cause: serviceError(GrpcStatus.ABORTED, 'failed to endorse transaction'),
      transactionId: 'tx-3',
    });

    const err = fromFabricError(cause);

    expect(err).toBeInstanceOf(ChaincodeError);
    expect(err).toMatchObject({
      code: 'INSUFFICIENT_POINTS',
      message: 'balance 3 is below 5',
      details: { balance: 3 },
      transactionId: 'tx-3',
    });
  });

  it('extracts the chaincode error from an evaluate message', () => {
    const message =
      '2 UNKNOWN: evaluate call to endorser returned error: ' + 'chaincode response 500, {"code":"NOT_FOUND","message":"no member"}';
    const cause = new GatewayError({
      code: GrpcStatus.UNKNOWN,
      message,
      details: [],
      cause: serviceError(GrpcStatus.UNKNOWN, message),
    });

    expect(fromFabricError(cause, 'tx-4')).toMatchObject({
      name: 'ChaincodeError',
      code: 'NOT_FOUND',
      transactionId: 'tx-4',
    });
  });

  it('keeps a refusal with a code newer than this gateway as a chaincode error', () => {
    const message =
      '2 UNKNOWN: evaluate call to endorser returned error: ' +
      'chaincode response 500, {"code":"SHELF_CLOSED","message":"the shelf is closed","details":{"shelfId":"s1"}}';
    const cause = new GatewayError({
      code: GrpcStatus.UNKNOWN,
      message,
      details: [],
      cause: serviceError(GrpcStatus.UNKNOWN, message),
    });

    const err = fromFabricError(cause, 'tx-7');

    expect(err).toBeInstanceOf(ChaincodeError);
    expect(err).toMatchObject({ code: 'SHELF_CLOSED', message: 'the shelf is closed', details: { shelfId: 's1' } });
  });

  it('answers NETWORK_UNAVAILABLE, outcome known, when too few peers endorsed and no chaincode refused', () => {
    const cause = new EndorseError({
      code: GrpcStatus.ABORTED,
      message: '10 ABORTED: failed to collect enough transaction endorsements, see attached details for more info',
      details: [peerDetail('failed to create new connection: connection error: desc = "transport: error while dialing"')],
      cause: serviceError(GrpcStatus.ABORTED, 'failed to collect enough transaction endorsements'),
      transactionId: 'tx-6',
    });

    const err = fromFabricError(cause);

    expect(err).toBeInstanceOf(NetworkUnavailableError);
    expect(err).toMatchObject({ code: 'NETWORK_UNAVAILABLE', transactionId: 'tx-6', outcomeUnknown: false });
  });

  it('answers NETWORK_UNAVAILABLE when discovery finds no peers that could satisfy the endorsement policy', () => {
    const message =
      '9 FAILED_PRECONDITION: no combination of peers can be derived which satisfy the endorsement policy: required chaincodes are not installed on sufficient peers';
    const cause = new EndorseError({
      code: GrpcStatus.FAILED_PRECONDITION,
      message,
      details: [],
      cause: serviceError(GrpcStatus.FAILED_PRECONDITION, message),
      transactionId: 'tx-7',
    });

    expect(fromFabricError(cause)).toMatchObject({ code: 'NETWORK_UNAVAILABLE', transactionId: 'tx-7', outcomeUnknown: false });
  });

  it('keeps other gateway failures as FabricRequestError', () => {
    const message = '9 FAILED_PRECONDITION: evaluate call to endorser returned error: access denied';
    const cause = new GatewayError({
      code: GrpcStatus.FAILED_PRECONDITION,
      message,
      details: [],
      cause: serviceError(GrpcStatus.FAILED_PRECONDITION, message),
    });

    expect(fromFabricError(cause, 'tx-5')).toMatchObject({
      name: 'FabricRequestError',
      code: 'FABRIC_REQUEST_FAILED',
      grpcCode: GrpcStatus.FAILED_PRECONDITION,
      transactionId: 'tx-5',
    });
    expect(fromFabricError(cause)).toBeInstanceOf(FabricRequestError);
  });

  it('maps a CommitError to TransactionFailedError with the validation code', () => {
    const cause = new CommitError({ code: StatusCode.MVCC_READ_CONFLICT, transactionId: 'tx-6' });

    const err = fromFabricError(cause);

    expect(err).toBeInstanceOf(TransactionFailedError);
    expect(err).toMatchObject({
      code: 'TRANSACTION_FAILED',
      transactionId: 'tx-6',
      validationCode: StatusCode.MVCC_READ_CONFLICT,
      details: { transactionId: 'tx-6', validationCode: 'MVCC_READ_CONFLICT' },
    });
  });

  it('returns our own and unrelated errors unchanged', () => {
    const ours = new ValidationError('bad');
    const unrelated = new TypeError('bug');

    expect(fromFabricError(ours)).toBe(ours);
    expect(fromFabricError(unrelated)).toBe(unrelated);
    expect(fromFabricError('text')).toEqual(new Error('text'));
  });
});
