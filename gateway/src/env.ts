import { accessSync, constants, type Stats, statSync } from 'node:fs';

/**
 * Typed reads of LOULAN_* variables, shared by every configuration loader. Function properties, not
 * methods: the loaders destructure the reader, and no function uses `this`.
 */
export interface EnvReader {
  /** The trimmed value; empty counts as unset, so `VAR=` in a shell script falls back to the default. */
  readonly read: (name: string) => string | undefined;
  /** A whole number within [min, max], or `fallback` when unset; a bad value is added to the problems. */
  readonly integer: (name: string, fallback: number, min: number, max: number) => number;
  /** The value; an unset variable is added to the problems as missing and read as `''`. */
  readonly required: (name: string) => string;
  /** A {@link EnvReader.required} path; one that is not a readable file is added to the problems. */
  readonly existingFile: (name: string) => string;
}

/**
 * @param env - the environment, a parameter so that tests can pass their own
 * @param problems - where invalid values are reported, for one ConfigError listing them all
 * @returns the reader
 */
export function envReader(env: NodeJS.ProcessEnv, problems: string[]): EnvReader {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) {
      return fallback;
    }
    const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const required = (name: string): string => {
    const value = read(name);
    if (value === undefined) {
      problems.push(`${name} is required`);
      return '';
    }
    return value;
  };
  const existingFile = (name: string): string => {
    const path = required(name);
    if (path !== '' && !isReadableFile(path)) {
      problems.push(`${name}: no readable file at ${path}`);
    }
    return path;
  };
  return { read, integer, required, existingFile };
}

/** True when `path` is a directory this process may create files in. */
export function isWritableDirectory(path: string): boolean {
  return isAccessible(path, constants.W_OK, (stats) => stats.isDirectory());
}

function isReadableFile(path: string): boolean {
  return isAccessible(path, constants.R_OK, (stats) => stats.isFile());
}

/** Whether this process may access `path` in `mode` (an fs.constants flag) and `path` is of the `kind` wanted. */
function isAccessible(path: string, mode: number, kind: (stats: Stats) => boolean): boolean {
  try {
    accessSync(path, mode);
    return kind(statSync(path));
  } catch {
    return false;
  }
}

/**
 * What is wrong with the PostgreSQL connection URL in `variable`, or null; the URL itself is never
 * echoed, since it usually carries the database password.
 *
 * @param storeVariable - the variable that chose PostgreSQL, named when the URL is missing
 */
export function postgresUrlProblem(variable: string, url: string, storeVariable: string): string | null {
  if (url === '') {
    return `${variable} is required when ${storeVariable} is postgres`;
  }
  if (!URL.canParse(url)) {
    return `${variable} must be a URL such as postgres://user:password@host:5432/database`;
  }
  const { protocol } = new URL(url);
  return protocol === 'postgres:' || protocol === 'postgresql:' ? null : `${variable} must start with postgres:// or postgresql://`;
}
