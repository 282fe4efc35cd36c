/** The routes an Express app serves, for the OpenAPI completeness test. */
import type { Express } from 'express';

/** What Express 5's router lists of itself (`Router.prototype.listRoutes` of the router package). */
interface ListedRoute {
  readonly path: string | RegExp;
  readonly methods?: readonly string[];
  readonly router?: RouteLister;
}
interface RouteLister {
  listRoutes(): ListedRoute[];
}

/**
 * `METHOD /path/{param}` of every route of the app, nested routers included, read from the routers
 * themselves; the HEAD that Express adds to every GET is left out. Middleware mounted with `use`
 * (static files, swagger-ui) is not a route and is not listed.
 */
export function servedRoutes(app: Express): string[] {
  // app.router is typed as a plain Router; listRoutes is the router package's own listing.
  return routesOf(app.router as unknown as RouteLister, '');
}

function routesOf(router: RouteLister, prefix: string): string[] {
  return router.listRoutes().flatMap(({ path, methods, router: nested }) => {
    if (typeof path !== 'string') {
      throw new Error(`a route path is a regular expression under ${prefix}: ${String(path)}`);
    }
    const full = `${prefix}${path === '/' ? '' : path}`;
    if (nested !== undefined) {
      return routesOf(nested, full);
    }
    const openApiPath = full.replace(/:(\w+)/g, '{$1}');
    return (methods ?? []).filter((method) => method !== 'HEAD').map((method) => `${method} ${openApiPath}`);
  });
}
