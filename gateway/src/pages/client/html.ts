import htm from 'htm';
import { h } from 'preact';

/**
 * Preact's element factory as a tagged template: components are written as HTML-like templates in
 * plain TypeScript, with no JSX compiler or bundler. Values are always set as text or properties,
 * never parsed as markup, so data from the API cannot inject elements.
 */
export const html = htm.bind(h);
