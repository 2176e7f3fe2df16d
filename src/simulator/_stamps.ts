/**
 * Change stamps of queue observation messages: the simulated time of the
 * latest change folded into each `{queueId, mediaType}` group, found by
 * comparing the queue's conversations (waiting, alerting, interacting)
 * with those of the previous look. Enqueue, alert (the agent's routing
 * change), answer, a missed alert (the agent turning NOT_RESPONDING),
 * handling end and abandon or flow-out times are all exact; nothing is
 * later than the run's current time.
 *
 * @module
 */

import type { Conversation, ConversationState } from "./_model.ts";
import type { QueueDef } from "./_org.ts";
import type { DayRun } from "./_run.ts";

interface Seen {
  state: ConversationState;
  agent: number;
}

/** Per-queue memory of conversations and the stamps derived from them. */
export class ChangeStamps {
  readonly #seen = new Map<number, Map<Conversation, Seen>>();
  readonly #stamps = new Map<string, number>();

  /**
   * Folds the changes of `q` up to `run.now` into its stamps; true when a
   * conversation of `q` changed since the previous update.
   */
  update(run: DayRun, q: QueueDef): boolean {
    const now = run.now;
    const since = (agent: number) =>
      agent >= 0 ? run.agents[agent].routingSince : now;
    const bump = (c: Conversation, t: number) => {
      const key = `${q.index}|${c.media}`;
      const at = Math.min(t, now);
      this.#stamps.set(key, Math.max(this.#stamps.get(key) ?? at, at));
    };
    const before = this.#seen.get(q.index) ?? new Map<Conversation, Seen>();
    let changed = false;
    const after = new Map<Conversation, Seen>();
    for (const c of run.waiting[q.index]) after.set(c, seen(c, "waiting"));
    for (const c of run.alerting[q.index]) after.set(c, seen(c, "alerting"));
    for (const c of run.interacting[q.index]) {
      after.set(c, seen(c, "interacting"));
    }
    for (const [c, s] of after) {
      const old = before.get(c);
      if (old?.state === s.state) continue;
      changed = true;
      if (s.state === "alerting") bump(c, since(s.agent));
      else if (s.state === "interacting") bump(c, c.answeredAt);
      else bump(c, old ? since(old.agent) : c.enqueueAt);
    }
    for (const [c, old] of before) {
      if (after.has(c)) continue;
      changed = true;
      const handled = c.record?.handledAt ?? -1;
      if (handled >= 0) bump(c, handled);
      else if (old.state === "alerting") bump(c, since(old.agent));
      else bump(c, Math.min(c.abandonAt, c.flowOutAt));
    }
    this.#seen.set(q.index, after);
    return changed;
  }

  /** The stamp of `q`'s `media` group, or null before any change was seen. */
  stamp(q: QueueDef, media: string): number | null {
    return this.#stamps.get(`${q.index}|${media}`) ?? null;
  }
}

function seen(c: Conversation, state: ConversationState): Seen {
  return { state, agent: c.agent };
}

/** The latest routing or presence change of `q`'s members, at most `run.now`. */
export function memberStamp(run: DayRun, q: QueueDef): number {
  let latest = -Infinity;
  for (const i of q.members) {
    const agent = run.agents[i];
    latest = Math.max(latest, agent.routingSince, agent.presenceSince);
  }
  return Math.min(latest, run.now);
}
