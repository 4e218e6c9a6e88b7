import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ServerResponse } from 'node:http';
import type { Route } from '../platform/http-server.ts';

/**
 * GraphiQL for browsers in development: GET /graphql with `Accept: text/html` gets a page that
 * loads GraphiQL 3 and React 18 (MIT; dev dependencies) from this origin under /graphql-ide/ —
 * nothing from a CDN (Apollo's landing page and Yoga's GraphiQL both load theirs from one). The
 * production image has no dev dependencies, and production never asks for the IDE.
 */

const require = createRequire(import.meta.url);

/** `react/umd/react.production.min.js` → its path: through the package's package.json, as `exports` hides its built files. */
function packageFile(specifier: string): string {
  const [name, ...rest] = specifier.split('/');
  return join(dirname(require.resolve(`${name}/package.json`)), ...rest);
}

/** Served path → the file in node_modules (or beside this module) and its type. */
const ASSETS: Record<string, { module: string; contentType: string }> = {
  '/graphql-ide/react.js': { module: 'react/umd/react.production.min.js', contentType: 'text/javascript; charset=utf-8' },
  '/graphql-ide/react-dom.js': { module: 'react-dom/umd/react-dom.production.min.js', contentType: 'text/javascript; charset=utf-8' },
  '/graphql-ide/graphiql.js': { module: 'graphiql/dist/index.umd.js', contentType: 'text/javascript; charset=utf-8' },
  '/graphql-ide/graphiql.css': { module: 'graphiql/dist/style.css', contentType: 'text/css; charset=utf-8' },
  '/graphql-ide/start.js': { module: new URL('./graphql-ide/start.js', import.meta.url).pathname, contentType: 'text/javascript; charset=utf-8' },
};

// GraphiQL's editor sets inline styles and its fonts are data: URLs; still this origin only.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
    "connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Levain GraphQL IDE</title>
<link rel="stylesheet" href="/graphql-ide/graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="/graphql-ide/react.js"></script>
<script src="/graphql-ide/react-dom.js"></script>
<script src="/graphql-ide/graphiql.js"></script>
<script src="/graphql-ide/start.js"></script>
</body>
</html>
`;

/**
 * The IDE's page and its assets, or undefined when GraphiQL is not installed (an install without
 * dev dependencies): then a browser gets the usual 401 JSON, as in production.
 */
export function graphqlIde(): { page: Route; routes: Record<string, Route> } | undefined {
  const files = new Map<string, { body: Buffer; contentType: string }>();
  try {
    for (const [path, asset] of Object.entries(ASSETS)) {
      const file = asset.module.startsWith('/') ? asset.module : packageFile(asset.module);
      files.set(path, { body: readFileSync(file), contentType: asset.contentType });
    }
  } catch {
    return undefined;
  }
  const send = (response: ServerResponse, body: string | Buffer, contentType: string) => {
    response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache', ...SECURITY_HEADERS });
    response.end(body);
  };
  const asset: Route = (request, response) => {
    const file = files.get(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      response.end('Not found\n');
      return;
    }
    send(response, file.body, file.contentType);
  };
  return { page: (_request, response) => send(response, PAGE, 'text/html; charset=utf-8'), routes: { '/graphql-ide/*': asset } };
}
