import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A listening HTTP server. */
export interface RunningServer {
  /** Base URL with the port actually bound (useful when port 0 was asked for). */
  readonly url: string;
  /** Stops accepting connections and resolves once in-flight requests have finished or the grace period ran out. */
  close(): Promise<void>;
}

/** Default time left to in-flight requests at shutdown, shorter than a typical orchestrator's kill timeout. */
export const SHUTDOWN_GRACE_MS = 10_000;

/** Listens on `host:port`; rejects on bind errors such as EADDRINUSE instead of crashing later. */
export async function startServer(
  handler: RequestListener,
  host: string,
  port: number,
  graceMs: number = SHUTDOWN_GRACE_MS,
): Promise<RunningServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${urlHost}:${bound.port}`, close: () => closeServer(server, graceMs) };
}

function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // server.close() alone would wait for idle keep-alive sockets too, possibly for minutes.
    const forceClose = setTimeout(() => {
      server.closeAllConnections();
    }, graceMs);
    server.close((err) => {
      clearTimeout(forceClose);
      if (err === undefined) {
        resolve();
      } else {
        reject(err);
      }
    });
    server.closeIdleConnections();
  });
}
