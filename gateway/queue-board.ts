import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import { hasRole, type Caller } from '../platform/auth.ts';
import type { Route } from '../platform/http-server.ts';
import type { Logger } from '../platform/logger.ts';

/** Where Bull Board is mounted on the gateway. */
export const QUEUE_BOARD_PATH = '/admin/queues';
const COOKIE = 'levain_queue_board';

export interface QueueBoardOptions {
  /** The queues the board shows (the orchestration queue). */
  queues: readonly Queue[];
  /** Verifies a token the way the gateway does (throws when it is not valid). */
  verify: (authorization: string) => Promise<Caller>;
  /** Whether the caller's tenant exists (the gateway's tenant directory): a made-up tenant never opens the board. */
  tenantExists: (caller: Caller, authorization: string) => Promise<boolean>;
  /**
   * Tenants whose ADMINs may open the board (QUEUE_BOARD_TENANT_IDS; at least one). The queue
   * holds every bakery's jobs (ids, run ids, errors), so only the operators' tenants are named.
   */
  allowedTenantIds: readonly string[];
  /** Whether the board may act on jobs (retry, promote, clean, remove, add); default read-only (QUEUE_BOARD_WRITABLE). */
  writable: boolean;
  /** Whether the sign-in cookie is `Secure` even on a plain-HTTP request (production, behind a TLS proxy). */
  secureCookie: boolean;
  logger: Logger;
}

function cookieToken(request: IncomingMessage): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * The board's pages may load only from this origin: Bull Board's page asks for Google Fonts,
 * which a browser then does not fetch (the UI falls back to system fonts). React's inline
 * styles need 'unsafe-inline' for styles only; no inline script runs.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  // Styled by the dashboard's own stylesheet (same origin, allowed by the board's policy).
  response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Levain queues — sign in</title><link rel="stylesheet" href="/dashboard/styles.css"><link rel="icon" href="/dashboard/favicon.svg" type="image/svg+xml"></head>
<body><header class="topbar"><div class="brand">Levain</div><nav aria-label="Sections"><a href="/dashboard/">Dashboard</a></nav></header>
<main id="main"><section class="card narrow" aria-labelledby="title"><h1 id="title">Queue board</h1><p>${escape(message)}</p>
<form method="post" action="${QUEUE_BOARD_PATH}/login"><label for="token">ADMIN token</label>
<textarea id="token" name="token" rows="4" required spellcheck="false" autocomplete="off"></textarea>
<p class="actions"><button type="submit" class="primary">Open the queue board</button></p></form>
<p class="hint">Get one with <code>npm run token -- --tenant demo --role ADMIN</code>.</p></section></main></body></html>`);
}

async function readForm(request: IncomingMessage, maxBytes = 16_384): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of request) {
    body += chunk;
    if (body.length > maxBytes) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

/**
 * Bull Board at `/admin/queues`, for the ADMINs of the operators' tenants (QUEUE_BOARD_TENANT_IDS)
 * only, read-only unless QUEUE_BOARD_WRITABLE. A browser signs in once by posting a token to
 * `/admin/queues/login`, which keeps it in an HttpOnly, SameSite=Strict cookie scoped to the
 * board (no token in URLs or history; the cookie is never sent cross-site, so the board's
 * actions are safe from CSRF; `Secure` over https and in production); API clients may send
 * `Authorization: Bearer`.
 */
export function queueBoardRoutes(options: QueueBoardOptions): Record<string, Route> {
  if (options.allowedTenantIds.length === 0) throw new Error('queueBoardRoutes needs the operators\' tenant ids (QUEUE_BOARD_TENANT_IDS)');
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: options.queues.map((queue) => new BullMQAdapter(queue as never, { readOnlyMode: !options.writable })),
    serverAdapter,
    options: { uiConfig: { boardTitle: options.writable ? 'Levain queues' : 'Levain queues (read-only)' } },
  });
  const board = serverAdapter.getRouter() as (request: IncomingMessage, response: ServerResponse) => void;

  const admit = async (authorization: string): Promise<'ok' | 'unauthenticated' | 'forbidden'> => {
    let caller: Caller;
    try {
      caller = await options.verify(authorization);
    } catch {
      return 'unauthenticated';
    }
    if (!hasRole(caller, 'ADMIN') || !options.allowedTenantIds.includes(caller.tenantId)) return 'forbidden';
    // A listed id whose tenant was never created (or is gone) opens nothing.
    if (!(await options.tenantExists(caller, authorization).catch(() => false))) return 'unauthenticated';
    return 'ok';
  };

  const route: Route = async (request, response) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === `${QUEUE_BOARD_PATH}/login`) {
      if (request.method !== 'POST') return loginPage(response, 200, 'Sign in with an ADMIN token to see the orchestration queue.');
      const token = (await readForm(request)).get('token')?.trim() ?? '';
      const verdict = await admit(`Bearer ${token}`);
      if (verdict !== 'ok') {
        return loginPage(response, verdict === 'forbidden' ? 403 : 401, verdict === 'forbidden' ? 'That token is not an ADMIN of this installation.' : 'That token is not valid.');
      }
      const secure = options.secureCookie || (request.socket as { encrypted?: boolean }).encrypted === true ? '; Secure' : '';
      response.writeHead(303, {
        location: `${QUEUE_BOARD_PATH}/`,
        'set-cookie': `${COOKIE}=${encodeURIComponent(token)}; Path=${QUEUE_BOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=43200${secure}`,
      });
      return void response.end();
    }
    const bearer = request.headers.authorization;
    const cookie = cookieToken(request);
    const verdict = await admit(bearer ?? (cookie ? `Bearer ${cookie}` : ''));
    if (verdict === 'forbidden') {
      response.writeHead(403, { 'content-type': 'application/json' });
      return void response.end(JSON.stringify({ error: 'The queue board requires an ADMIN token' }));
    }
    if (verdict === 'unauthenticated') {
      if (url.pathname.startsWith(`${QUEUE_BOARD_PATH}/api/`) || bearer) {
        response.writeHead(401, { 'content-type': 'application/json' });
        return void response.end(JSON.stringify({ error: 'A valid ADMIN bearer token is required' }));
      }
      response.writeHead(303, { location: `${QUEUE_BOARD_PATH}/login` });
      return void response.end();
    }
    // Read-only is enforced here too, not only by Bull Board's adapter: no request that changes
    // a job reaches the board unless QUEUE_BOARD_WRITABLE.
    if (!options.writable && request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(403, { 'content-type': 'application/json' });
      return void response.end(JSON.stringify({ error: 'The queue board is read-only (QUEUE_BOARD_WRITABLE=true makes it writable)' }));
    }
    // The board is an Express app of its own, mounted here: it sees paths below the mount point.
    request.url = `${url.pathname.slice(QUEUE_BOARD_PATH.length) || '/'}${url.search}`;
    board(request, response);
  };
  return { [QUEUE_BOARD_PATH]: route, [`${QUEUE_BOARD_PATH}/*`]: route };
}
