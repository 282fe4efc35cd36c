import { type Transaction, writeResults } from '@loulan/protocol';
import type { ClassConstructor } from 'class-transformer';
import { type Request, type Response, Router } from 'express';

import { type AuthenticatedMember, currentMember } from '../auth/authenticated-member';
import type { CommittedWrite } from '../contract/client';
import { IsId } from './dto-rules';
import { ID_SCHEMA, jsonContent, type OpenApiObject, schemaRef } from './openapi-parts';
import { pathValidator } from './path-parameters';
import { validateBody, validateInput } from './validate';
import { idempotencyKey, sendWrite } from './writes';

/*
 * The operation table: every REST operation of a module is one row, which is all the gateway knows
 * about it. The router (operationRouter below) derives its route and request validation from the row;
 * the OpenAPI builder (./openapi.ts) derives its documentation. README "Operation tables".
 */

/** HTTP methods of the API. */
export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

/** Names of the `{parameters}` of a path template such as `/plans/{planId}/subscriptions`. */
export type PathParameterName<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PathParameterName<Rest>
  : never;

/** The path parameters of a template, as the URL gave them (each has passed its module's rules). */
export type PathParameters<Path extends string> = { readonly [Name in PathParameterName<Path>]: string };

/** How a module documents and checks one path parameter, whatever operation it appears in. */
export interface PathParameter {
  readonly schema: OpenApiObject;
  /** class-validator decorators, in the order they would be written on a DTO property. */
  readonly rules: readonly PropertyDecorator[];
}

/** A path parameter that is an id of a ledger key: what a parameter is when its module says nothing else. */
export const ID_PARAMETER: PathParameter = { schema: ID_SCHEMA, rules: [IsId()] };

/** A query string: the DTO that validates it and the OpenAPI parameters that document it, one per DTO field. */
export interface QueryShape<Query extends object> {
  readonly dto: ClassConstructor<Query>;
  readonly parameters: readonly OpenApiObject[];
}

/** A JSON request body: the DTO that validates it and the component schema that documents it. */
export interface BodyShape<Body extends object> {
  readonly dto: ClassConstructor<Body>;
  /** Name in `components.schemas`. */
  readonly schema: string;
  /** False when the body may be left out (every field optional); true by default. */
  readonly required?: boolean;
}

/** What an operation's documentation is made of; rows without a handler (system routes) are only this. */
export interface OperationDoc {
  readonly method: HttpMethod;
  /** Relative to the module's base path, parameters in braces: `/plans/{planId}`. */
  readonly path: string;
  /** PascalCase, unique in its module: the chaincode transaction it runs when it runs exactly one. */
  readonly name: string;
  readonly summary: string;
  /** Default: names the chaincode transaction in a module with a contract, else the module's description. */
  readonly description?: string;
  /** The chaincode transaction when it is not {@link name} (several routes of one transaction). */
  readonly transaction?: string;
  readonly query?: QueryShape<object>;
  readonly body?: BodyShape<object>;
  /** The write takes its business id from the Idempotency-Key header (README "Exactly once"). */
  readonly idempotencyKey?: boolean;
  /** Status of the answer; 200 by default. */
  readonly status?: number;
  /**
   * A ledger write, answered `{ result, transactionId, blockNumber }` ({@link committedAnswer}); set by
   * {@link OperationRows.write}, it stands for {@link answer}.
   */
  readonly commits?: boolean;
  /** The OpenAPI response of {@link status}; by default the chaincode result as a JSON object. */
  readonly answer?: OpenApiObject;
  /** Error statuses documented one by one; by default one `default` error response. */
  readonly errors?: readonly number[];
  /** Security requirements when not the module's. */
  readonly security?: readonly OpenApiObject[];
}

/** The validated request an operation's handler gets. */
export interface OperationInput<Path extends string, Query extends object, Body extends object> {
  readonly caller: AuthenticatedMember;
  readonly params: PathParameters<Path>;
  /** The validated query; typed `never` for an operation without one. */
  readonly query: Query;
  /** The validated body; typed `never` for an operation without one. */
  readonly body: Body;
  /** The Idempotency-Key of a write that takes one; `''` otherwise. */
  readonly key: string;
  readonly req: Request;
}

/** A served operation: its documentation and how it answers a request whose path passed validation. */
export interface Operation<D> extends OperationDoc {
  /** Runs before any input is validated, so a caller without the right learns nothing from validation messages. */
  readonly authorize?: (caller: AuthenticatedMember) => void;
  readonly serve: (deps: D, exchange: Exchange) => Promise<void>;
}

/** One request on its way through the router. */
export interface Exchange {
  readonly req: Request;
  readonly res: Response;
  readonly params: Readonly<Record<string, string>>;
}

/** The row of an operation with its handler; `run` gets the module's dependencies and the validated request. */
export interface Row<D, Path extends string, Query extends object, Body extends object, Result> extends Omit<
  OperationDoc,
  'path' | 'query' | 'body' | 'commits'
> {
  readonly path: Path;
  readonly query?: QueryShape<Query>;
  readonly body?: BodyShape<Body>;
  readonly authorize?: (caller: AuthenticatedMember) => void;
  readonly run: (deps: D, input: OperationInput<Path, Query, Body>) => Promise<Result>;
}

/** A ledger write, answered `{ result, transactionId, blockNumber }`; it takes the Idempotency-Key unless it says otherwise. */
export type WriteRow<D, Path extends string, Query extends object, Body extends object> = Omit<
  Row<D, Path, Query, Body, CommittedWrite<unknown>>,
  'status' | 'answer'
>;

/** Any other operation, answered as JSON with its {@link OperationDoc.status} unless `send` writes the answer itself. */
export interface JsonRow<D, Path extends string, Query extends object, Body extends object, Result> extends Row<
  D,
  Path,
  Query,
  Body,
  Result
> {
  readonly send?: (res: Response, result: Result, input: OperationInput<Path, Query, Body>) => void;
}

/** Row builders bound to one module's dependencies `D`; each infers its row's path, query and body types. */
export interface OperationRows<D> {
  write<Path extends string, Query extends object = never, Body extends object = never>(row: WriteRow<D, Path, Query, Body>): Operation<D>;
  json<Path extends string, Query extends object = never, Body extends object = never, Result = unknown>(
    row: JsonRow<D, Path, Query, Body, Result>,
  ): Operation<D>;
}

/**
 * The name in `components.schemas` of a write's result schema: `PointsRecordPurchaseResult`.
 *
 * @param tx - a write of the protocol
 * @returns its contract and name, PascalCase, then `Result`
 */
export function resultSchemaName(tx: Pick<Transaction, 'contract' | 'name'>): string {
  return `${tx.contract.charAt(0).toUpperCase()}${tx.contract.slice(1)}${tx.name}Result`;
}

/**
 * The result schema of every write of the protocol (@loulan/protocol's result tables), by
 * {@link resultSchemaName}: what its route answers in `result` and its event carries as `payload`.
 *
 * @returns the component schemas
 */
export function writeResultSchemas(): OpenApiObject {
  return Object.fromEntries(writeResults().map(({ transaction, schema }) => [resultSchemaName(transaction), { ...schema }]));
}

/**
 * The answer of a committed ledger write: `WriteResult`, its `result` the transaction's own schema.
 *
 * @param tx - the write it runs; none for a write of a module without a contract (generic `result`)
 * @returns the OpenAPI response
 */
export function committedAnswer(tx?: Pick<Transaction, 'contract' | 'name'>): OpenApiObject {
  const schema =
    tx === undefined
      ? schemaRef('WriteResult')
      : { allOf: [schemaRef('WriteResult'), { type: 'object', properties: { result: schemaRef(resultSchemaName(tx)) } }] };
  return {
    description: 'Committed',
    headers: {
      'Server-Timing': {
        description: '`fabric;dur=<ms>`: how long the Fabric call took, endorsement to commit status, retries included',
        schema: { type: 'string' },
      },
    },
    content: jsonContent(schema),
  };
}

/** The row builders of a module whose handlers take `D`. */
export function operationRows<D>(): OperationRows<D> {
  return {
    write: (row) => {
      const idempotencyKey = row.idempotencyKey ?? true;
      return {
        ...row,
        idempotencyKey,
        commits: true,
        serve: async (deps, exchange) => {
          sendWrite(exchange.res, await row.run(deps, await inputOf(row, exchange, idempotencyKey)));
        },
      };
    },
    json: (row) => ({
      ...row,
      serve: async (deps, exchange) => {
        const input = await inputOf(row, exchange, false);
        const result = await row.run(deps, input);
        if (row.send === undefined) {
          exchange.res.status(row.status ?? 200).json(result);
        } else {
          row.send(exchange.res, result, input);
        }
      },
    }),
  };
}

/** A module's operations: the one description its routes and its part of the OpenAPI document come from. */
export interface OperationTable<Op extends OperationDoc = OperationDoc> {
  /** Lower-case: the OpenAPI tag and the first half of every operationId (`points.Mint`). */
  readonly module: string;
  /** Where the module's router is mounted. */
  readonly basePath: string;
  /** The chaincode contract the operations call, named in their descriptions. */
  readonly contract?: string;
  /** Description of every operation of a module without a contract. */
  readonly description?: string;
  /** Operations anyone may call; otherwise each needs the member API key. */
  readonly anonymous?: boolean;
  /** Path parameters that are not ids ({@link ID_PARAMETER}), by name. */
  readonly pathParameters?: Readonly<Record<string, PathParameter>>;
  /** The component schemas the operations refer to. */
  readonly schemas?: OpenApiObject;
  readonly operations: readonly Op[];
}

/**
 * The Express router of a table, to mount at its `basePath`: one route per row, which checks the
 * caller's right (`authorize`), then the path, query, body and Idempotency-Key, then runs the handler.
 * Bad input is a 400 VALIDATION_FAILED (./validate.ts) before anything reaches the ledger.
 */
export function operationRouter<D>(table: OperationTable<Operation<D>>, deps: D, router: Router = Router()): Router {
  for (const operation of table.operations) {
    const validatePath = pathValidator(operation.path, table.pathParameters ?? {}, ID_PARAMETER);
    router[operation.method](expressPath(operation.path), async (req, res) => {
      operation.authorize?.(currentMember(res));
      const params = await validatePath(req.params);
      await operation.serve(deps, { req, res, params });
    });
  }
  return router;
}

/** `/plans/{planId}` as Express writes it: `/plans/:planId`. */
function expressPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

async function inputOf<D, Path extends string, Query extends object, Body extends object, Result>(
  row: Row<D, Path, Query, Body, Result>,
  { req, res, params }: Exchange,
  needsKey: boolean,
): Promise<OperationInput<Path, Query, Body>> {
  const query = row.query === undefined ? undefined : await validateInput(row.query.dto, req.query, 'query');
  const body = row.body === undefined ? undefined : await validateBody(row.body.dto, req.body);
  return {
    caller: currentMember(res),
    // The router validated exactly the parameters of this row's template.
    params: params as PathParameters<Path>,
    // A row without a query or body shape has Query or Body `never`: its handler cannot read the undefined it gets.
    query: query as Query,
    body: body as Body,
    key: needsKey ? idempotencyKey(req) : '',
    req,
  };
}
