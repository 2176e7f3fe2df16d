/**
 * The discrete-event simulation of one local day. A run starts two hours
 * before local midnight with empty queues and agents as their shift plans
 * say, and is advanced lazily: `advance(t)` processes every event up to `t`.
 * Random draws happen only while events are processed, so the state at `t`
 * depends only on (seed, org, day, t), never on how often it was advanced.
 *
 * @module
 */

import { EventHeap } from "./_heap.ts";
import { type AgentEvent, initAgent } from "./_agent_init.ts";
import type {
  AgentLive,
  Conversation,
  ConversationRecord,
  Outcome,
  RoutingState,
} from "./_model.ts";
import type { Org, SystemPresence } from "./_org.ts";
import { hashSeed, Rng } from "./_prng.ts";
import {
  drawAlert,
  drawHandling,
  drawNotResponding,
  MEDIA,
} from "./_traffic.ts";
import type { Zone } from "../time_zone.ts";

type SimEvent =
  | { at: number; kind: "arrival"; queue: number }
  | {
    at: number;
    kind: "abandon" | "flowOut" | "answer" | "noAnswer" | "handled";
    conv: Conversation;
  }
  | { at: number; kind: "nrEnd" | "commEnd"; agent: number; gen: number }
  | AgentEvent;

/** How long before local midnight a run starts (fills the queues). */
export const WARM_UP_MS = 2 * 3_600_000;
const HOUR = 3_600_000;

/** The simulation of one local day. */
export class DayRun {
  readonly org: Org;
  readonly dayStart: number;
  readonly dayEnd: number;
  readonly runStart: number;
  readonly runSeed: number;
  readonly agents: AgentLive[];
  /** Per queue: waiting conversations, oldest first. */
  readonly waiting: Conversation[][];
  readonly alerting: Set<Conversation>[];
  readonly interacting: Set<Conversation>[];
  /** Conversations that left their queue, in the order they did. */
  readonly records: ConversationRecord[] = [];
  #now: number;
  #heap = new EventHeap<SimEvent>();
  #rng: Rng;
  #count = 0;

  constructor(org: Org, zone: Zone, dayStart: number) {
    this.org = org;
    this.dayStart = dayStart;
    this.dayEnd = zone.nextDayStart(dayStart);
    this.runStart = dayStart - WARM_UP_MS;
    const key = zone.dateKey(dayStart);
    const prevStart = zone.previousDayStart(dayStart);
    const prevKey = zone.dateKey(prevStart);
    const prevPrevKey = zone.dateKey(zone.previousDayStart(prevStart));
    this.runSeed = hashSeed(org.seed, "traffic", key);
    this.#rng = new Rng(this.runSeed);
    this.#now = this.runStart;
    const days = {
      prevStart,
      dayStart,
      runStart: this.runStart,
      dayEnd: this.dayEnd,
      keys: [prevPrevKey, prevKey, key] as const,
    };
    this.agents = org.agents.map((def) =>
      initAgent(org.seed, def, days, (ev) => this.#heap.push(ev))
    );
    this.waiting = org.queues.map(() => []);
    this.alerting = org.queues.map(() => new Set());
    this.interacting = org.queues.map(() => new Set());
    for (const q of org.queues) this.#scheduleArrival(q.index, this.runStart);
  }

  /** Simulated time processed so far. */
  get now(): number {
    return this.#now;
  }

  /** The conversation id of conversation number `n` of this run. */
  conversationId(n: number): string {
    return new Rng(hashSeed(this.runSeed, "conversation", n)).uuid();
  }

  /** The customer session id of conversation number `n` of this run. */
  sessionId(n: number): string {
    return new Rng(hashSeed(this.runSeed, "session", n)).uuid();
  }

  /** Processes every event up to `t` (never past the end of the day). */
  advance(t: number): void {
    const limit = Math.min(t, this.dayEnd - 1);
    while (this.#heap.peekAt() <= limit) {
      const ev = this.#heap.pop()!;
      this.#now = ev.at;
      this.#handle(ev);
    }
    if (limit > this.#now) this.#now = limit;
  }

  #handle(ev: SimEvent): void {
    switch (ev.kind) {
      case "arrival":
        return this.#onArrival(ev.queue, ev.at);
      case "abandon":
      case "flowOut":
        if (ev.conv.state === "waiting") {
          this.#leave(ev.conv, ev.kind === "abandon" ? "abandoned" : "flowOut");
        }
        return;
      case "answer":
        return this.#onAnswer(ev.conv);
      case "noAnswer":
        return this.#onNoAnswer(ev.conv);
      case "handled": {
        const conv = ev.conv;
        conv.state = "done";
        this.interacting[conv.queue].delete(conv);
        conv.record!.handledAt = this.#now;
        return this.#release(this.agents[conv.agent]);
      }
      case "nrEnd":
      case "commEnd": {
        const agent = this.agents[ev.agent];
        const status = ev.kind === "nrEnd" ? "NOT_RESPONDING" : "COMMUNICATING";
        if (agent.gen === ev.gen && agent.routing === status) {
          this.#release(agent);
        }
        return;
      }
      case "presence":
        return this.#onPresence(this.agents[ev.agent], ev.presence);
      case "directCall": {
        const agent = this.agents[ev.agent];
        if (agent.presence === "ON_QUEUE" && agent.routing === "IDLE") {
          this.#setRouting(agent, "COMMUNICATING");
          this.#heap.push({
            at: this.#now + ev.durationMs,
            kind: "commEnd",
            agent: ev.agent,
            gen: agent.gen,
          });
        }
        return;
      }
    }
  }

  #scheduleArrival(queue: number, from: number): void {
    const rate = this.org.queues[queue].ratePerMs * this.org.profile.max;
    const at = from + Math.max(1, Math.round(this.#rng.exp(1 / rate)));
    if (at < this.dayEnd) this.#heap.push({ at, kind: "arrival", queue });
  }

  #onArrival(queue: number, at: number): void {
    const { profile } = this.org;
    const accept = this.#rng.next() * profile.max <
      profile.at((at - this.dayStart) / HOUR);
    this.#scheduleArrival(queue, at);
    if (!accept) return;
    const q = this.org.queues[queue];
    const media = q.media[this.#rng.weighted(q.mediaWeights)];
    const model = MEDIA[media];
    const patience = model.patienceMeanMs === null
      ? Infinity
      : Math.max(500, Math.round(this.#rng.exp(model.patienceMeanMs)));
    const conv: Conversation = {
      n: ++this.#count,
      queue,
      media,
      enqueueAt: at,
      state: "waiting",
      agent: -1,
      answeredAt: -1,
      abandonAt: at + patience,
      flowOutAt: at + model.maxWaitMs,
      record: null,
    };
    this.waiting[queue].push(conv);
    if (conv.abandonAt < conv.flowOutAt) {
      this.#heap.push({ at: conv.abandonAt, kind: "abandon", conv });
    }
    this.#heap.push({ at: conv.flowOutAt, kind: "flowOut", conv });
    this.#dispatchQueue(queue);
  }

  /** Alerts waiting conversations of `queue` to its longest-idle members. */
  #dispatchQueue(queue: number): void {
    const list = this.waiting[queue];
    while (list.length > 0) {
      let best: AgentLive | null = null;
      for (const index of this.org.queues[queue].members) {
        const agent = this.agents[index];
        if (agent.presence !== "ON_QUEUE" || agent.routing !== "IDLE") continue;
        if (!best || agent.routingSince < best.routingSince) best = agent;
      }
      if (!best) return;
      this.#alert(list[0], best);
    }
  }

  /** Gives an idle agent the oldest conversation waiting in its queues. */
  #offer(agent: AgentLive): void {
    if (agent.presence !== "ON_QUEUE" || agent.routing !== "IDLE") return;
    let best: Conversation | null = null;
    for (const q of agent.def.queues) {
      const head = this.waiting[q][0];
      if (
        head &&
        (!best || head.enqueueAt < best.enqueueAt ||
          (head.enqueueAt === best.enqueueAt && head.n < best.n))
      ) best = head;
    }
    if (best) this.#alert(best, agent);
  }

  #alert(conv: Conversation, agent: AgentLive): void {
    const list = this.waiting[conv.queue];
    list.splice(list.indexOf(conv), 1);
    conv.state = "alerting";
    conv.agent = agent.def.index;
    this.alerting[conv.queue].add(conv);
    this.#setRouting(agent, "INTERACTING");
    const delay = drawAlert(this.#rng, MEDIA[conv.media]);
    this.#heap.push({
      at: this.#now + Math.abs(delay),
      kind: delay < 0 ? "noAnswer" : "answer",
      conv,
    });
  }

  #onAnswer(conv: Conversation): void {
    const model = MEDIA[conv.media];
    const setting = this.org.queues[conv.queue].settings[model.setting];
    this.alerting[conv.queue].delete(conv);
    conv.state = "interacting";
    conv.answeredAt = this.#now;
    this.interacting[conv.queue].add(conv);
    const waitMs = this.#now - conv.enqueueAt;
    const { talkMs, holdMs, acwMs } = drawHandling(this.#rng, model);
    conv.record = {
      queue: conv.queue,
      media: conv.media,
      outcome: "answered",
      at: this.#now,
      waitMs,
      slMet: waitMs <= setting.durationMs,
      handledAt: -1,
      talkMs,
      holdMs,
      acwMs,
    };
    this.records.push(conv.record);
    this.#heap.push({
      at: this.#now + talkMs + holdMs + acwMs,
      kind: "handled",
      conv,
    });
  }

  #onNoAnswer(conv: Conversation): void {
    const agent = this.agents[conv.agent];
    this.alerting[conv.queue].delete(conv);
    conv.state = "waiting";
    conv.agent = -1;
    const list = this.waiting[conv.queue];
    let i = list.length;
    while (i > 0 && list[i - 1].enqueueAt > conv.enqueueAt) i--;
    list.splice(i, 0, conv);
    if (agent.pending !== null) {
      this.#applyPresence(agent, agent.pending);
    } else {
      this.#setRouting(agent, "NOT_RESPONDING");
      this.#heap.push({
        at: this.#now + drawNotResponding(this.#rng),
        kind: "nrEnd",
        agent: agent.def.index,
        gen: agent.gen,
      });
    }
    if (conv.abandonAt <= this.#now) this.#leave(conv, "abandoned");
    else if (conv.flowOutAt <= this.#now) this.#leave(conv, "flowOut");
    else this.#dispatchQueue(conv.queue);
  }

  #leave(conv: Conversation, outcome: Outcome): void {
    const list = this.waiting[conv.queue];
    list.splice(list.indexOf(conv), 1);
    conv.state = "done";
    this.records.push({
      queue: conv.queue,
      media: conv.media,
      outcome,
      at: this.#now,
      waitMs: this.#now - conv.enqueueAt,
      slMet: false,
      handledAt: -1,
      talkMs: 0,
      holdMs: 0,
      acwMs: 0,
    });
  }

  #onPresence(agent: AgentLive, presence: SystemPresence): void {
    if (agent.routing === "INTERACTING" || agent.routing === "COMMUNICATING") {
      agent.pending = presence === agent.presence ? null : presence;
    } else if (presence !== agent.presence) {
      this.#applyPresence(agent, presence);
    }
  }

  /** Ends the agent's current work: pending presence, or idle and offered. */
  #release(agent: AgentLive): void {
    if (agent.pending !== null) {
      return this.#applyPresence(agent, agent.pending);
    }
    this.#setRouting(agent, "IDLE");
    this.#offer(agent);
  }

  #applyPresence(agent: AgentLive, presence: SystemPresence): void {
    agent.pending = null;
    if (presence !== agent.presence) {
      agent.presence = presence;
      agent.presenceSince = this.#now;
    }
    const routing = presence === "ON_QUEUE" ? "IDLE" : "OFF_QUEUE";
    this.#setRouting(agent, routing);
    if (routing === "IDLE") this.#offer(agent);
  }

  #setRouting(agent: AgentLive, status: RoutingState): void {
    if (agent.routing === status) return;
    agent.routing = status;
    agent.routingSince = this.#now;
    agent.gen++;
  }
}
