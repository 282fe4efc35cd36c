import type { PathParameter } from './operations';
import { validateInput } from './validate';

/** The `{names}` of a path template, in order. */
export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name = '']) => name);
}

/**
 * A validator of the path parameters of one template, built from its module's rules for each name
 * (`fallback` for names the module does not list): a DTO class made for this template, so a path
 * is checked, and refused, exactly as a hand-written DTO with the same decorators would be.
 *
 * @returns a function that answers the parameters as the URL gave them (strings, whatever a rule
 *   converted to check them), or rejects with a `ValidationError` (`VALIDATION_FAILED`, HTTP 400)
 *   naming each bad one
 */
export function pathValidator(
  path: string,
  parameters: Readonly<Record<string, PathParameter>>,
  fallback: PathParameter,
): (params: Readonly<Record<string, unknown>>) => Promise<Readonly<Record<string, string>>> {
  const names = pathParameterNames(path);
  if (names.length === 0) {
    return () => Promise.resolve({});
  }
  // class-validator keeps its rules per class: one class per template, whose properties are its names.
  class PathDto {
    readonly [name: string]: unknown;
  }
  for (const name of names) {
    // Decorators written on a property apply bottom-up; applying them reversed keeps their order.
    for (const rule of [...(parameters[name] ?? fallback).rules].reverse()) {
      rule(PathDto.prototype, name);
    }
  }
  return async (params) => {
    await validateInput(PathDto, params, 'path');
    return Object.fromEntries(names.map((name) => [name, String(params[name])]));
  };
}
