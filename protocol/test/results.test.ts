import { CONTRACTS, type ResultSchema, resultSchemaOf, transactionsOf, writeResults } from '../src';

/** The keywords the result tables may use: OpenAPI 3.0's schema subset, without `$ref`. */
const KEYWORDS = new Set([
  'type',
  'description',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'nullable',
  'pattern',
  'oneOf',
]);

/** Every schema inside a schema, itself first. */
function schemasIn(schema: ResultSchema): ResultSchema[] {
  const extra = typeof schema.additionalProperties === 'object' ? [schema.additionalProperties] : [];
  const nested = [
    ...Object.values(schema.properties ?? {}),
    ...(schema.items === undefined ? [] : [schema.items]),
    ...(schema.oneOf ?? []),
    ...extra,
  ];
  return [schema, ...nested.flatMap(schemasIn)];
}

/** What is wrong with one schema: unknown keywords, required names it does not define, `nullable` without a type. */
function problemsOf(schema: ResultSchema): string[] {
  const unknown = Object.keys(schema).filter((keyword) => !KEYWORDS.has(keyword));
  const undefinedRequired = (schema.required ?? []).filter((name) => schema.properties?.[name] === undefined);
  const untypedNull = schema.nullable === true && schema.type === undefined ? ['nullable without a type'] : [];
  return [...unknown, ...undefinedRequired.map((name) => `required ${name} has no schema`), ...untypedNull];
}

describe('write results', () => {
  it('describe every write of every contract, and no read', () => {
    const transactions = CONTRACTS.flatMap(transactionsOf);

    expect(writeResults().map(({ transaction }) => transaction)).toEqual(transactions.filter((tx) => tx.submit));
    expect(writeResults()).toHaveLength(67);
    for (const read of transactions.filter((tx) => !tx.submit)) {
      expect(() => resultSchemaOf(read)).toThrow(`${read.contract}:${read.name} is not a write with a result schema`);
    }
  });

  it('name the event each write emits', () => {
    const events = new Map(writeResults().map(({ transaction, event }) => [`${transaction.contract}:${transaction.name}`, event]));

    expect([events.get('points:RecordPurchase'), events.get('points:UpdateParams'), events.get('system:PutMarker')]).toEqual([
      'RecordPurchase',
      'ParamsChanged',
      'MarkerPut',
    ]);
  });

  it('use only the OpenAPI 3.0 subset, every object closed or a map, every required property defined', () => {
    const schemas = writeResults().flatMap(({ schema }) => schemasIn(schema));

    expect(schemas.flatMap(problemsOf)).toEqual([]);
    expect(schemas.filter((s) => s.type === 'object' && s.additionalProperties === undefined)).toEqual([]);
  });
});
