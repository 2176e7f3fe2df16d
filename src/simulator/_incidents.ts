/**
 * The incidents of the scenario log as one run sees them: when each starts
 * and ends inside the run, and what it does to the run. A spike adds
 * arrivals to its queue, a shortage sends some of the queue's on-queue
 * agents away, an outage stops new conversations of one media type.
 *
 * The run applies a change after every event at the change's own time, and
 * reads the log lazily, so a run that saw an incident start live and a run
 * that replays the log later reach the same state.
 *
 * @module
 */

import type { AgentLive } from "./_model.ts";
import type { SystemPresence } from "./_org.ts";
import type { Incident, ScenarioLog } from "./_scenario.ts";
import type { MediaType } from "./_traffic.ts";

export type { Incident } from "./_scenario.ts";

/** What an incident change does to the run. */
export interface IncidentHooks {
  /** A spike starts: schedule its extra arrivals. */
  spike(incident: Incident): void;
  /** Moves an agent to a presence (after its current interaction). */
  presence(agent: AgentLive, presence: SystemPresence): void;
}

const PENDING = 0;
const RUNNING = 1;
const DONE = 2;
/** Where agents of a shortage go. */
const SHORTAGE_PRESENCE: SystemPresence = "AWAY";

/** The incidents of one run. */
export class RunIncidents {
  #log: ScenarioLog;
  #from: number;
  #until: number;
  #hooks: IncidentHooks;
  #agents: AgentLive[];
  #joined: number[][];
  #phase = new Map<number, number>();
  #away = new Map<number, AgentLive[]>();
  #down = new Map<MediaType, number>();

  constructor(
    log: ScenarioLog,
    runStart: number,
    dayEnd: number,
    hooks: IncidentHooks,
    agents: AgentLive[],
    joined: number[][],
  ) {
    this.#log = log;
    this.#from = runStart;
    this.#until = dayEnd;
    this.#hooks = hooks;
    this.#agents = agents;
    this.#joined = joined;
  }

  /** Whether new conversations of `media` are lost to an outage. */
  isDown(media: MediaType): boolean {
    return (this.#down.get(media) ?? 0) > 0;
  }

  /** Time of the next change, or Infinity. */
  nextAt(): number {
    return this.#next()?.at ?? Infinity;
  }

  /** Applies the next change (the caller checked it is due). */
  apply(): void {
    const next = this.#next();
    if (!next) return;
    const { incident } = next;
    if (this.#phase.get(incident.id) === RUNNING) {
      this.#phase.set(incident.id, DONE);
      this.#stop(incident);
    } else {
      this.#phase.set(incident.id, RUNNING);
      this.#start(incident);
    }
  }

  #next(): { at: number; incident: Incident } | null {
    let best: { at: number; incident: Incident } | null = null;
    for (const incident of this.#log.incidents) {
      const phase = this.#phase.get(incident.id) ?? PENDING;
      let at = Infinity;
      if (phase === PENDING) {
        if (incident.end > this.#from) {
          at = Math.max(incident.start, this.#from);
        }
      } else if (phase === RUNNING) {
        at = incident.end;
      }
      if (at < this.#until && (!best || at < best.at)) best = { at, incident };
    }
    return best;
  }

  #start(incident: Incident): void {
    switch (incident.kind) {
      case "spike":
        return this.#hooks.spike(incident);
      case "outage":
        this.#down.set(
          incident.media!,
          (this.#down.get(incident.media!) ?? 0) + 1,
        );
        return;
      case "shortage": {
        const members = this.#joined[incident.queue].map((i) => this.#agents[i])
          .filter((a) => a.presence === "ON_QUEUE" && a.forced === null);
        const primary = (a: AgentLive) => a.def.queues[0] === incident.queue;
        const chosen = [
          ...members.filter(primary),
          ...members.filter((a) => !primary(a)),
        ].slice(0, incident.agents);
        this.#away.set(incident.id, chosen);
        for (const agent of chosen) {
          agent.forced = SHORTAGE_PRESENCE;
          this.#hooks.presence(agent, SHORTAGE_PRESENCE);
        }
        return;
      }
    }
  }

  #stop(incident: Incident): void {
    if (incident.kind === "outage") {
      this.#down.set(incident.media!, this.#down.get(incident.media!)! - 1);
    } else if (incident.kind === "shortage") {
      for (const agent of this.#away.get(incident.id) ?? []) {
        agent.forced = null;
        this.#hooks.presence(agent, agent.planned);
      }
    }
  }
}
