/**
 * The discrete-event simulation of one local day. A run starts two hours
 * before local midnight with empty queues and agents as their shifts say,
 * and is advanced lazily: `advance(t)` processes every event up to `t`.
 * Random draws happen only while events are processed, so the state at `t`
 * depends only on (seed, org, day, scenario log, t), never on how often it
 * was advanced.
 *
 * Routing: a conversation is offered to the longest-idle joined member of
 * its queue that is on queue and idle; an agent who becomes idle takes the
 * oldest conversation waiting in its joined queues. So nothing waits while
 * such an agent is free, except while it alerts or after an agent let the
 * alert time out (NOT_RESPONDING).
 *
 * @module
 */

import { type AgentEvent, initAgents } from "./_agent_init.ts";
import { EventHeap } from "./_heap.ts";
import { type Incident, RunIncidents } from "./_incidents.ts";
import { type LocalDay, localDay } from "./_local_day.ts";
import type {
  AgentLive,
  Conversation,
  ConversationRecord,
  Outcome,
  RoutingState,
} from "./_model.ts";
import type { Org, SystemPresence } from "./_org.ts";
import { hashSeed, Rng } from "./_prng.ts";
import type { ScenarioLog } from "./_scenario.ts";
import {
  demandAt,
  drawAlert,
  drawHandling,
  drawNotResponding,
  MEDIA,
  type MediaType,
} from "./_traffic.ts";
import type { Zone } from "../time_zone.ts";

type SimEvent =
  | { at: number; kind: "arrival"; queue: number }
  | { at: number; kind: "spike"; incident: Incident; rng: Rng }
  | {
    at: number;
    kind: "abandon" | "flowOut" | "answer" | "noAnswer" | "handled";
    conv: Conversation;
  }
  | { at: number; kind: "nrEnd" | "commEnd"; agent: number; gen: number }
  | AgentEvent;

/** How long before local midnight a run starts (fills the queues). */
export const WARM_UP_MS = 2 * 3_600_000;

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
  /** Every conversation offered so far, in the order they were. */
  readonly records: ConversationRecord[] = [];
  /** Per queue: indexes of the joined members. */
  readonly joined: number[][];
  #joinedQueues: number[][];
  #day: LocalDay;
  #now: number;
  #heap = new EventHeap<SimEvent>();
  #rng: Rng;
  #arrivalRngs: Rng[];
  #incidents: RunIncidents;
  #count = 0;

  constructor(org: Org, zone: Zone, dayStart: number, log: ScenarioLog) {
    this.org = org;
    this.dayStart = dayStart;
    this.#day = localDay(zone, dayStart);
    this.dayEnd = this.#day.end;
    this.runStart = dayStart - WARM_UP_MS;
    const prevStart = zone.previousDayStart(dayStart);
    this.runSeed = hashSeed(org.seed, "traffic", zone.dateKey(dayStart));
    this.#rng = new Rng(this.runSeed);
    this.#now = this.runStart;
    const days = [
      { day: localDay(zone, prevStart), dateKey: zone.dateKey(prevStart) },
      { day: this.#day, dateKey: zone.dateKey(dayStart) },
    ];
    this.agents = initAgents(
      org,
      days,
      this.runStart,
      this.dayEnd,
      (ev) => this.#heap.push(ev),
    );
    this.joined = org.queues.map((q) =>
      q.members.filter((a) => !q.unjoined.has(a))
    );
    this.#joinedQueues = org.agents.map((a) =>
      a.queues.filter((q) => !org.queues[q].unjoined.has(a.index))
    );
    this.waiting = org.queues.map(() => []);
    this.alerting = org.queues.map(() => new Set());
    this.interacting = org.queues.map(() => new Set());
    this.#arrivalRngs = org.queues.map((q) =>
      new Rng(hashSeed(this.runSeed, "arrivals", q.index))
    );
    for (const q of org.queues) this.#scheduleArrival(q.index, this.runStart);
    this.#incidents = new RunIncidents(
      log,
      this.runStart,
      this.dayEnd,
      {
        spike: (incident) => this.#scheduleSpike(incident, null),
        presence: (agent, presence) => this.#goTo(agent, presence),
      },
      this.agents,
      this.joined,
    );
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
    while (this.step(limit));
    if (limit > this.#now) this.#now = limit;
  }

  /**
   * Processes the next event, or the next incident change (which comes
   * after every event at its own time), if it is due by `limit`; false when
   * nothing is.
   */
  step(limit = this.dayEnd - 1): boolean {
    const next = this.#heap.peekAt();
    const change = this.#incidents.nextAt();
    if (change < next && change <= limit) {
      this.#now = Math.max(this.#now, change);
      this.#incidents.apply();
      return true;
    }
    if (next > limit) return false;
    const ev = this.#heap.pop()!;
    this.#now = ev.at;
    this.#handle(ev);
    return true;
  }

  #handle(ev: SimEvent): void {
    switch (ev.kind) {
      case "arrival":
        return this.#onArrival(ev.queue, ev.at);
      case "spike":
        return this.#scheduleSpike(ev.incident, ev);
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
      case "presence": {
        const agent = this.agents[ev.agent];
        agent.planned = ev.presence;
        if (agent.forced === null) this.#goTo(agent, ev.presence);
        return;
      }
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

  /** Next candidate arrival of `queue` (thinned by the demand of its hour). */
  #scheduleArrival(queue: number, from: number): void {
    const rate = this.org.queues[queue].ratePerMs;
    if (rate <= 0) return;
    const gap = this.#arrivalRngs[queue].exp(1 / rate);
    const at = from + Math.max(1, Math.round(gap));
    if (at < this.dayEnd) this.#heap.push({ at, kind: "arrival", queue });
  }

  #onArrival(queue: number, at: number): void {
    const rng = this.#arrivalRngs[queue];
    const accept = rng.next() < demandAt(this.#day.hourOf(at));
    this.#scheduleArrival(queue, at);
    if (accept) this.#enqueue(queue, rng);
  }

  /**
   * The extra arrivals of a spike: (factor − 1) times the queue's own,
   * from its own random source, until the incident ends.
   */
  #scheduleSpike(incident: Incident, ev: { rng: Rng } | null): void {
    if (ev && this.#now >= incident.end) return;
    const rng = ev?.rng ??
      new Rng(hashSeed(this.runSeed, "incident", incident.id));
    if (ev && rng.next() < demandAt(this.#day.hourOf(this.#now))) {
      this.#enqueue(incident.queue, rng);
    }
    const rate = this.org.queues[incident.queue].ratePerMs *
      (incident.factor - 1);
    if (rate <= 0) return;
    const at = this.#now + Math.max(1, Math.round(rng.exp(1 / rate)));
    if (at < Math.min(incident.end, this.dayEnd)) {
      this.#heap.push({ at, kind: "spike", incident, rng });
    }
  }

  /** A new conversation enters `queue` now (unless its media is down). */
  #enqueue(queue: number, rng: Rng): void {
    const at = this.#now;
    const q = this.org.queues[queue];
    const media: MediaType = q.media[rng.weighted(q.mediaWeights)];
    const model = MEDIA[media];
    const patience = model.patienceMeanMs === null
      ? Infinity
      : Math.max(500, Math.round(rng.exp(model.patienceMeanMs)));
    if (this.#incidents.isDown(media)) return;
    const record: ConversationRecord = {
      queue,
      media,
      offeredAt: at,
      outcome: null,
      at: -1,
      waitMs: 0,
      slMet: false,
      talkEndAt: -1,
      handledAt: -1,
      talkMs: 0,
      holdMs: 0,
      acwMs: 0,
    };
    this.records.push(record);
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
      record,
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
      for (const index of this.joined[queue]) {
        const agent = this.agents[index];
        if (agent.presence !== "ON_QUEUE" || agent.routing !== "IDLE") continue;
        if (!best || agent.routingSince < best.routingSince) best = agent;
      }
      if (!best) return;
      this.#alert(list[0], best);
    }
  }

  /**
   * Gives an idle agent the oldest conversation of the highest priority
   * waiting in its queues.
   */
  #offer(agent: AgentLive): void {
    if (agent.presence !== "ON_QUEUE" || agent.routing !== "IDLE") return;
    const queues = this.org.queues;
    let best: Conversation | null = null;
    for (const q of this.#joinedQueues[agent.def.index]) {
      const head = this.waiting[q][0];
      if (!head) continue;
      const rank = best ? queues[q].priority - queues[best.queue].priority : 1;
      if (
        rank > 0 ||
        (rank === 0 && (head.enqueueAt < best!.enqueueAt ||
          (head.enqueueAt === best!.enqueueAt && head.n < best!.n)))
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
    const r = conv.record;
    r.outcome = "answered";
    r.at = this.#now;
    r.waitMs = waitMs;
    r.slMet = waitMs <= setting.durationMs;
    r.talkEndAt = this.#now + talkMs + holdMs;
    r.handledAt = r.talkEndAt + acwMs;
    r.talkMs = talkMs;
    r.holdMs = holdMs;
    r.acwMs = acwMs;
    this.#heap.push({ at: r.handledAt, kind: "handled", conv });
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
    conv.record.outcome = outcome;
    conv.record.at = this.#now;
    conv.record.waitMs = this.#now - conv.enqueueAt;
  }

  /** Moves the agent to `presence`, after the current interaction if busy. */
  #goTo(agent: AgentLive, presence: SystemPresence): void {
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
