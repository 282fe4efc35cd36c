/** Where the explorer page is served. */
export const EXPLORER_PATH = '/explorer';

/** Where the page's compiled scripts are served (dist/explorer/public). */
export const EXPLORER_ASSETS_PATH = '/explorer/app';

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d2430; }
header { background: #1d2430; color: #fff; padding: .6em 1em; display: flex; gap: 1em; align-items: center; }
header a { color: #fff; } header button { color: #fff; background: transparent; border: 1px solid #fff; border-radius: 3px; }
main { padding: 1em; }
table { border-collapse: collapse; } td, th { border-bottom: 1px solid #ddd; padding: .25em .6em; text-align: left; vertical-align: top; }
pre { margin: 0; font-size: 12px; } .ok { color: #137333; font-weight: bold; } .bad { color: #b3261e; font-weight: bold; }
svg rect { fill: #3b6fd4; } svg text { font-size: 10px; fill: #555; }`;

/** The explorer's single HTML page: a login form and the views, filled in by the module script. */
export function explorerHtml(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Loulan explorer</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body>
<section id="login" hidden><main><h1>Loulan explorer</h1>
<form id="login-form" data-testid="login-form"><label>API key <input name="apiKey" type="password" data-testid="api-key" required></label>
<button type="submit" data-testid="login-submit">Log in</button></form></main></section>
<section id="app" hidden>
<header><strong>Loulan explorer</strong>
<nav><a href="#/dashboard" data-testid="nav-dashboard">Dashboard</a> · <a href="#/blocks" data-testid="nav-blocks">Blocks</a> ·
<a href="#/history" data-testid="nav-history">History</a> · <a href="#/verify" data-testid="nav-verify">Verification</a> ·
<a href="#/invariants" data-testid="nav-invariants">Invariants</a> · <a href="#/evidence" data-testid="nav-evidence">Evidence</a></nav>
<button id="logout" data-testid="logout" type="button">Log out</button></header>
<main id="view" data-testid="view" aria-live="polite"></main></section>
<script type="module" src="${EXPLORER_ASSETS_PATH}/client/main.js"></script>
</body></html>`;
}
