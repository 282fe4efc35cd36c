/**
 * Typed reads of LOULAN_* variables, shared by every configuration loader. Function properties, not
 * methods: the loaders destructure the reader, and neither function uses `this`.
 */
export interface EnvReader {
  /** The trimmed value; empty counts as unset, so `VAR=` in a shell script falls back to the default. */
  readonly read: (name: string) => string | undefined;
  /** A whole number within [min, max], or `fallback` when unset; a bad value is added to the problems. */
  readonly integer: (name: string, fallback: number, min: number, max: number) => number;
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
  return { read, integer };
}
