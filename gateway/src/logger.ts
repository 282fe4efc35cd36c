import { hostname } from 'node:os';

import pino, { type Logger } from 'pino';

import type { LogLevel } from './config';

export type { Logger } from 'pino';

/**
 * Creates the process-wide JSON logger. `service` is added to pino's usual pid and hostname so the
 * gateway's lines can be told apart when several components share one log stream.
 */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: 'loulan-gateway', pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
