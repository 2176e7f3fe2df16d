/**
 * Who is asking: the bearer token of a request, verified into a `Principal`
 * (token transport per docs/protocol.md).
 *
 * @module
 */

import { type Authenticator, AuthError, type Principal } from "../auth/mod.ts";
import { HttpError } from "./_errors.ts";

const BEARER = /^Bearer[ ]+([^\s]+)[ ]*$/i;

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(req: Request): string | undefined {
  const header = req.headers.get("authorization");
  if (header === null) return undefined;
  return BEARER.exec(header)?.[1];
}

/**
 * Verifies the caller. REST reads only the `Authorization` header; SSE
 * (`allowQuery`) also reads `?access_token=` because EventSource cannot set
 * headers. Refusals become 401 with `WWW-Authenticate: Bearer`.
 */
export async function principalOf(
  auth: Authenticator,
  req: Request,
  allowQuery = false,
): Promise<Principal> {
  if (!auth.required) return await auth.verify(undefined);
  let token = bearerToken(req);
  if (token === undefined && allowQuery) {
    token = new URL(req.url).searchParams.get("access_token") ?? undefined;
  }
  try {
    return await auth.verify(token);
  } catch (error) {
    if (error instanceof AuthError) {
      throw new HttpError(401, error.code, error.message, {
        "www-authenticate": "Bearer",
      });
    }
    throw error;
  }
}
