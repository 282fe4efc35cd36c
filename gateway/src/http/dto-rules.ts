import { IsInt, Matches, Max, Min } from 'class-validator';

/*
 * Field rules shared by the request DTOs of every module. The chaincode validates again and decides every
 * business rule; these only refuse what can never be right, early and field by field.
 */

/** Ids that go into ledger keys: a letter or digit, then up to 63 of `A-Za-z0-9._:@-`. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/;
/** Largest amount of points, fen or items in one request; far inside Number.MAX_SAFE_INTEGER. */
export const MAX_AMOUNT = 1_000_000_000_000;
/** Largest page of a listing, as the chaincode allows. */
export const MAX_PAGE_SIZE = 100;
/** Page size when the query names none. */
export const DEFAULT_PAGE_SIZE = 20;

/** Validation message of an id that fails {@link ID_PATTERN}. */
export const ID_MESSAGE = { message: '$property must be 1-64 characters of A-Za-z0-9._:@- starting with a letter or digit' };

/** An id that may go into a ledger key ({@link ID_PATTERN}); `each` checks every item of an array. */
export function IsId(options: { readonly each?: boolean } = {}): PropertyDecorator {
  return Matches(ID_PATTERN, { ...options, ...ID_MESSAGE });
}

/** A whole number in `[min, max]` (points, fen, basis points, days, counts). */
export function IsIntIn(min: number, max: number): PropertyDecorator {
  return (target, property) => {
    IsInt()(target, property);
    Min(min)(target, property);
    Max(max)(target, property);
  };
}
