// The dashboard's only way to data: the public GraphQL API of this gateway, with the user's token.

// localStorage, so every tab of this browser shares one sign-in; the token is dropped once its
// `exp` has passed (the server would refuse it anyway) and on sign-out, in every tab.
export const TOKEN_KEY = 'levain.token';

/** An error the API answered, with its `extensions.code` (UNAUTHENTICATED, FORBIDDEN…) and extensions. */
export class ApiError extends Error {
  constructor(message, code, extensions = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.extensions = extensions;
  }
}

/** Milliseconds until `token` expires (Infinity without `exp`); ≤ 0 once it has. */
export function msUntilExpiry(token) {
  const exp = readClaims(token)?.exp;
  return typeof exp === 'number' ? exp * 1000 - Date.now() : Infinity;
}

/** The signed-in token of this browser, or null (none, or expired: then it is forgotten). */
export function storedToken() {
  const token = localStorage.getItem(TOKEN_KEY);
  if (token && msUntilExpiry(token) <= 0) {
    forgetToken();
    return null;
  }
  return token;
}

export function storeToken(token) {
  localStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken() {
  localStorage.removeItem(TOKEN_KEY);
}

/**
 * The claims of a JWT, read without verifying it (the server verifies; this only decides what
 * to show). Null when the token is not a JWT.
 */
export function readClaims(token) {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const claims = JSON.parse(json);
    return typeof claims === 'object' && claims ? claims : null;
  } catch {
    return null;
  }
}

/** Sends one operation to `/graphql` with the stored token; throws ApiError on any error. */
export async function gql(query, variables = {}) {
  const token = storedToken();
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError('The server cannot be reached.', 'NETWORK');
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The server answered ${response.status} without a GraphQL result.`, 'HTTP');
  }
  if (body.errors?.length) {
    const first = body.errors[0];
    throw new ApiError(body.errors.map((error) => error.message).join(' · '), first.extensions?.code, first.extensions ?? {});
  }
  return body.data;
}
