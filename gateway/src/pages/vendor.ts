import { dirname, join } from 'node:path';

/*
 * The browser libraries of the pages, served as the ES module files their packages ship (no bundler):
 * each is one self-contained file whose only imports are the bare names the page's import map
 * resolves. Resolved through node's module resolution, so they are the versions package-lock.json pins.
 */

/** Where the vendor files are served. */
export const VENDOR_PATH = '/app/vendor';

/** A file served under {@link VENDOR_PATH}: its URL name and where it lies on disk. */
export interface VendorFile {
  readonly name: string;
  readonly file: string;
}

/** The files, resolved once: the gateway fails at start if a package is missing, not on a request. */
export function vendorFiles(): readonly VendorFile[] {
  const htmDir = dirname(require.resolve('htm'));
  const uplotDir = dirname(require.resolve('uplot'));
  return [
    { name: 'preact.mjs', file: require.resolve('preact') },
    { name: 'preact-hooks.mjs', file: require.resolve('preact/hooks') },
    { name: 'htm.mjs', file: join(htmDir, 'htm.mjs') },
    { name: 'uplot.mjs', file: join(uplotDir, 'uPlot.esm.js') },
    { name: 'uplot.css', file: join(uplotDir, 'uPlot.min.css') },
  ];
}

/** The import map of the page: the bare module names of the browser code to their vendor URLs. */
export function importMap(): string {
  return JSON.stringify({
    imports: {
      preact: `${VENDOR_PATH}/preact.mjs`,
      'preact/hooks': `${VENDOR_PATH}/preact-hooks.mjs`,
      htm: `${VENDOR_PATH}/htm.mjs`,
      uplot: `${VENDOR_PATH}/uplot.mjs`,
    },
  });
}
