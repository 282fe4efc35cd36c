import { importMap, VENDOR_PATH } from './vendor';

/** Where the pages are served. */
export const PAGES_PATH = '/app';

/** Where the pages' compiled scripts are served (dist/pages/public). */
export const PAGES_ASSETS_PATH = '/app/assets';

// Phone first: one column, full-width controls; from 720 px the sections sit in two columns.
const STYLE = `
*, *::before, *::after { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #1d2430; background: #f4f6f9; }
header { background: #1d2430; color: #fff; padding: .5em .8em; display: flex; flex-wrap: wrap; gap: .5em .8em; align-items: center; }
header strong { margin-right: auto; } header button, header select { color: #fff; background: transparent; border: 1px solid #fff8; border-radius: 4px; padding: .2em .5em; }
header select option { color: #1d2430; }
.live { font-size: 12px; } .live.on::before { content: "● "; color: #3ddc84; } .live.off::before { content: "● "; color: #f5a623; }
main { padding: .8em; max-width: 1100px; margin: 0 auto; display: grid; gap: .8em; grid-template-columns: minmax(0, 1fr); }
@media (min-width: 720px) { main { grid-template-columns: repeat(2, minmax(0, 1fr)); } main > h1, main > .wide { grid-column: 1 / -1; } }
h1 { font-size: 1.3em; margin: .2em 0; } h2 { font-size: 1.05em; margin: 0 0 .5em; }
section.card { background: #fff; border-radius: 8px; padding: .8em; box-shadow: 0 1px 2px #0002; min-width: 0; }
form { display: flex; flex-wrap: wrap; gap: .5em; align-items: flex-end; }
label { display: flex; flex-direction: column; font-size: 12px; color: #555; flex: 1 1 8em; }
input, select, textarea, button { font: inherit; padding: .35em .5em; border: 1px solid #bbc; border-radius: 4px; min-height: 2.2em; }
textarea { width: 100%; min-height: 8em; font-family: ui-monospace, monospace; font-size: 12px; }
button { background: #3b6fd4; color: #fff; border-color: #3b6fd4; cursor: pointer; } button:disabled { opacity: .6; }
.table { overflow-x: auto; } table { border-collapse: collapse; width: 100%; font-size: 13px; }
td, th { border-bottom: 1px solid #e3e6ea; padding: .3em .4em; text-align: left; white-space: nowrap; } td.num, th.num { text-align: right; }
.big { font-size: 2em; font-weight: 600; } .ok { color: #137333; font-weight: 600; } .bad { color: #b3261e; font-weight: 600; }
.message { font-size: 13px; margin: .4em 0 0; } .pager { display: flex; gap: .5em; margin-top: .5em; }
.chart { width: 100%; min-height: 160px; }
.hint { font-size: 12px; color: #555; margin: .2em 0 .5em; } .act { display: inline-flex; flex-wrap: wrap; gap: .3em; align-items: center; }
td form { flex-wrap: nowrap; min-width: 12em; } td .message { white-space: normal; }
#login main { max-width: 420px; grid-template-columns: minmax(0, 1fr); }`;

/** The pages' single HTML document: the module script renders the login, the shell and the console of the member's role. */
export function pagesHtml(): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Loulan</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style>
<link rel="stylesheet" href="${VENDOR_PATH}/uplot.css">
<script type="importmap">${pagesImportMap()}</script></head>
<body><div id="root" data-testid="root"></div>
<script type="module" src="${PAGES_ASSETS_PATH}/client/main.js"></script>
</body></html>`;
}

/** The text of the page's inline import map, allowed by its hash in the page's script-src. */
export function pagesImportMap(): string {
  return importMap();
}
