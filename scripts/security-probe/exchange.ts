/**
 * One HTTP exchange of the probe, kept whole so a failing case can show the request it sent and
 * the answer it got. The probe is an outside client: plain fetch, nothing of Levain's own code.
 */
export interface ProbeRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface Exchange {
  request: ProbeRequest;
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON answer, or undefined when the answer is not JSON. */
  json: any;
  /** Milliseconds from sending the request to the end of the answer, as the client saw it. */
  ms: number;
}

/** Sends `request`; a network error is an exchange of status 0 whose text is the error. */
export async function send(request: ProbeRequest): Promise<Exchange> {
  const started = performance.now();
  try {
    const response = await fetch(request.url, {
      method: request.method ?? (request.body === undefined ? 'GET' : 'POST'),
      headers: request.headers,
      body: request.body as BodyInit | undefined,
      redirect: 'manual',
    });
    const text = await response.text();
    return { request, status: response.status, headers: response.headers, text, json: parseJson(text), ms: performance.now() - started };
  } catch (error) {
    return { request, status: 0, headers: new Headers(), text: `network error: ${(error as Error).message} ${String((error as Error).cause ?? '')}`, json: undefined, ms: performance.now() - started };
  }
}

function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Authorization header for a bearer token (none when `token` is undefined). */
export function bearer(token: string | undefined): Record<string, string> {
  return token === undefined ? {} : { authorization: `Bearer ${token}` };
}

/** POSTs one GraphQL operation as JSON. */
export function postGraphql(url: string, query: string, variables: Record<string, unknown> | undefined, token: string | undefined, headers: Record<string, string> = {}): Promise<Exchange> {
  return send({
    url,
    headers: { 'content-type': 'application/json', ...bearer(token), ...headers },
    body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
  });
}

/** The `extensions.code` of every error of a GraphQL answer (also of each answer of a batch). */
export function errorCodes(exchange: Exchange): string[] {
  const answers = Array.isArray(exchange.json) ? exchange.json : [exchange.json];
  return answers.flatMap((answer) => (answer?.errors ?? []).map((error: { extensions?: { code?: string } }) => error.extensions?.code ?? 'NO_CODE'));
}

/** "400 GRAPHQL_VALIDATION_FAILED (12 ms)": what an exchange came to, in one short phrase. */
export function describe(exchange: Exchange): string {
  if (exchange.status === 0) return exchange.text.slice(0, 120);
  const codes = [...new Set(errorCodes(exchange))];
  const answer = codes.length > 0 ? codes.join(',') : exchange.json?.data !== undefined ? 'data' : (exchange.headers.get('content-type') ?? '').split(';')[0] || 'no body';
  return `${exchange.status} ${answer}`;
}

/** The request, shortened, as a failing case prints it. */
export function describeRequest(request: ProbeRequest): string {
  const headers = Object.entries(request.headers ?? {})
    .map(([name, value]) => `${name}: ${name === 'authorization' || name === 'cookie' ? `${value.slice(0, 24)}…` : value}`)
    .join('; ');
  const body = request.body === undefined ? '' : typeof request.body === 'string' ? request.body : `<${request.body.byteLength} bytes>`;
  return `${request.method ?? (request.body === undefined ? 'GET' : 'POST')} ${request.url}${headers ? ` [${headers}]` : ''}${body ? ` ${shorten(body, 400)}` : ''}`;
}

export function shorten(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length)}… (${text.length} characters)`;
}
