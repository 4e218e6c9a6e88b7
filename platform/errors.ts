import { GraphQLError } from 'graphql';

/** Error codes of the public API (DESIGN.md §2). */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INTERNAL_SERVER_ERROR'
  | 'SERVICE_UNAVAILABLE';

function coded(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/** The caller sent something invalid; `message` says what and how to fix it. */
export const badUserInput = (message: string, extensions?: Record<string, unknown>) =>
  coded('BAD_USER_INPUT', message, extensions);

/**
 * No valid credentials. Three messages only — no token, an expired token (its signature verified
 * first), any other refusal — so a forger learns nothing about which check failed.
 */
export const UNAUTHENTICATED_MESSAGES = {
  missing: 'A bearer token is required: send Authorization: Bearer <token> (npm run token prints one)',
  expired: 'The bearer token has expired: get a new one (npm run token, or sign in again)',
  invalid: 'The bearer token is not valid',
} as const;

export const unauthenticated = (reason: keyof typeof UNAUTHENTICATED_MESSAGES = 'invalid') =>
  coded('UNAUTHENTICATED', UNAUTHENTICATED_MESSAGES[reason], { http: { status: 401 } });

export const forbidden = (message: string) => coded('FORBIDDEN', message);

export const notFound = (message: string) => coded('NOT_FOUND', message);

/** A dependency the operation needs (the job queue) is away; trying again later may work. */
export const serviceUnavailable = (message: string) => coded('SERVICE_UNAVAILABLE', message);
