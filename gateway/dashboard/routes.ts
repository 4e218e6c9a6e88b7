import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from '../../platform/http-server.ts';

/**
 * The operations dashboard: static files of `gateway/dashboard/app/`, served as they are (no
 * build step) under `/dashboard`. Only files present at start-up are served (no path from a URL
 * ever reaches the file system), with a Content-Security-Policy that allows nothing but this
 * origin: the app calls `/graphql` with the user's token and loads nothing from elsewhere.
 */

const APP_DIR = new URL('./app/', import.meta.url);

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

interface StaticFile {
  body: Buffer;
  contentType: string;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** Every servable file of the app by URL path (`/dashboard/app.js`), read once. */
function loadApp(): Map<string, StaticFile> {
  const root = fileURLToPath(APP_DIR);
  const files = new Map<string, StaticFile>();
  for (const path of listFiles(root)) {
    const contentType = CONTENT_TYPES[extname(path)];
    if (!contentType) continue;
    files.set(`/dashboard/${relative(root, path).split(sep).join('/')}`, { body: readFileSync(path), contentType });
  }
  return files;
}

/** Routes for the gateway's HTTP server: `/dashboard`, `/dashboard/` and the app's files. */
export function dashboardRoutes(): Record<string, Route> {
  const files = loadApp();
  const index = files.get('/dashboard/index.html');
  if (!index) throw new Error(`dashboard: ${fileURLToPath(APP_DIR)}index.html is missing`);
  const serve = (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', ...SECURITY_HEADERS });
      response.end();
      return;
    }
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = pathname === '/dashboard' || pathname === '/dashboard/' ? index : files.get(pathname);
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      response.end('Not found\n');
      return;
    }
    response.writeHead(200, { 'content-type': file.contentType, 'content-length': file.body.length, ...SECURITY_HEADERS });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  };
  return { '/dashboard': serve, '/dashboard/*': serve };
}
