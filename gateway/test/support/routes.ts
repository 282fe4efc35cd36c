/** Route lists for the OpenAPI completeness tests: what the document lists and what a router mounts. */
import { openApiDocument } from '../../src/http/openapi';

/** `METHOD /path/{param}` of every operation in the gateway's OpenAPI document. */
export function documentedRoutes(): Set<string> {
  const paths = openApiDocument()['paths'] as Record<string, Record<string, unknown>>;
  return new Set(
    Object.entries(paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    ),
  );
}

/** `METHOD /path/{param}` of every route of an Express router, read from its layer stack. */
export function routesOf(router: unknown, prefix: string): string[] {
  const stack = (router as { stack?: unknown }).stack;
  if (!Array.isArray(stack)) {
    throw new Error('not an Express router');
  }
  return stack.flatMap((layer: unknown) => {
    const route = (layer as { route?: { path?: unknown; methods?: Record<string, boolean> } }).route;
    if (route === undefined || typeof route.path !== 'string') {
      return [];
    }
    const path = `${prefix}${route.path}`.replace(/:(\w+)/g, '{$1}');
    return Object.keys(route.methods ?? {}).map((method) => `${method.toUpperCase()} ${path}`);
  });
}
