import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { validate, type ValidationError as ClassValidationError } from 'class-validator';

import { ValidationError } from '../errors';

/**
 * Turns `value` (a parsed JSON body, a query object or route parameters) into an instance of `dto` and
 * checks it against the class-validator decorators of `dto`.
 *
 * Unknown properties are refused rather than silently dropped, so a misspelt field is reported instead
 * of falling back to a default.
 *
 * @param what - names the input in the error message ("request body", "query").
 * @throws {@link ValidationError} (`VALIDATION_FAILED`, HTTP 400) whose `details.fields` maps each
 *   offending property path to its messages.
 */
export async function validateInput<T extends object>(dto: ClassConstructor<T>, value: unknown, what: string): Promise<T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(`${what} must be a JSON object`);
  }
  const instance = plainToInstance(dto, value);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ValidationError(`${what} is invalid`, { details: { fields: fieldMessages(errors) } });
  }
  return instance;
}

/** {@link validateInput} for a request body; a missing body counts as `{}` so required fields are named. */
export function validateBody<T extends object>(dto: ClassConstructor<T>, body: unknown): Promise<T> {
  return validateInput(dto, body ?? {}, 'request body');
}

function fieldMessages(errors: readonly ClassValidationError[], prefix = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const path = prefix === '' ? error.property : `${prefix}.${error.property}`;
    if (error.constraints !== undefined) {
      fields[path] = Object.values(error.constraints);
    }
    Object.assign(fields, fieldMessages(error.children ?? [], path));
  }
  return fields;
}
