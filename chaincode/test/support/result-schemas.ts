/**
 * Checks every write result the chaincode produces in a unit test against its schema in
 * @loulan/protocol (protocol/src/results): the fake ledger hands each event to
 * {@link checkWriteEvent}, and a write's event payload is its result. A mismatch throws inside the
 * transaction and is kept for {@link takeMismatches}, so that a test fails even when the code under
 * test swallowed the error. Which writes were checked is recorded for the run's coverage check
 * (./result-coverage.ts).
 */
import { type ResultSchema, writeResults } from '@loulan/protocol';
import Ajv, { type ValidateFunction } from 'ajv';

const ajv = new Ajv({ allErrors: true, strict: true });

/** The validator of each event's payload, by event name; compiled on first use. */
const schemas = new Map<string, ResultSchema>(writeResults().map(({ event, schema }) => [event, schema]));
const validators = new Map<string, ValidateFunction>();
const checked = new Set<string>();
const mismatches: string[] = [];

/**
 * Validates a chaincode event's payload against the result schema of the write that emits it;
 * events of no write (a fake ledger's own tests) pass unchecked.
 *
 * @param name - the event name
 * @param payload - its payload, the write's result as JSON
 * @throws Error when the result does not match its schema
 */
export function checkWriteEvent(name: string, payload: Uint8Array): void {
  const validate = validatorOf(name);
  if (validate === undefined) {
    return;
  }
  const text = Buffer.from(payload).toString('utf8');
  checked.add(name);
  if (!validate(JSON.parse(text))) {
    const mismatch = `the ${name} result does not match its schema in @loulan/protocol: ${ajv.errorsText(validate.errors)}\n${text}`;
    mismatches.push(mismatch);
    throw new Error(mismatch);
  }
}

/** @returns the writes (`points:Mint`) none of whose results was checked so far in this test file */
export function uncheckedWrites(): readonly string[] {
  return writeResults()
    .filter(({ event }) => !checked.has(event))
    .map(({ transaction }) => `${transaction.contract}:${transaction.name}`);
}

/** @returns the mismatches found since the last call, forgetting them */
export function takeMismatches(): readonly string[] {
  return mismatches.splice(0);
}

function validatorOf(name: string): ValidateFunction | undefined {
  const schema = schemas.get(name);
  if (schema === undefined) {
    return undefined;
  }
  const known = validators.get(name);
  if (known !== undefined) {
    return known;
  }
  const compiled = ajv.compile(schema);
  validators.set(name, compiled);
  return compiled;
}
