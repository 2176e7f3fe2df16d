/**
 * What a principal may subscribe to: queues outside its
 * scope and the agent board without the `agents` claim are `forbidden`.
 *
 * @module
 */

import type { Principal } from "../auth/mod.ts";
import { quoted } from "./_quote.ts";

/**
 * The `forbidden` message for asking `queues` / `agents` beyond `principal`'s
 * scope, or null when the request is within it.
 */
export function scopeRefusal(
  principal: Principal,
  queues: readonly string[] | undefined,
  agents: boolean | undefined,
): string | null {
  if (principal.queues !== "*" && queues) {
    const allowed = new Set(principal.queues);
    const outside = queues.find((id) => !allowed.has(id));
    if (outside !== undefined) {
      return `Cannot subscribe: queue ${
        quoted(outside)
      } is outside the token's scope`;
    }
  }
  if (agents && !principal.agents) {
    return "Cannot subscribe: the token does not grant the agent board";
  }
  return null;
}
