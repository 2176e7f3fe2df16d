/**
 * Incidents for demos and tests (`/__sim/scenario`): a volume spike on a
 * queue, a staff shortage on a queue, an outage of one media type. `PUT`
 * replaces whatever runs with the incidents of its body, each starting now
 * and lasting its `minutes`; `DELETE` ends them now; `GET` shows what runs.
 *
 * Incidents go into a log (kind, target, start, end) that every run reads,
 * so the simulated state stays a function of the options, the log and time.
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import { errorBody, iso, jsonResponse, readJsonObject } from "./_errors.ts";
import type { Org } from "./_org.ts";
import { MEDIA_TYPES, type MediaType } from "./_traffic.ts";
import type { SimScenario, SimScenarioState } from "./_types.ts";

/** The kinds of incident. */
export type IncidentKind = keyof SimScenario;

/** One incident of the log. */
export interface Incident {
  /** Position in the log. */
  id: number;
  kind: IncidentKind;
  /** Queue index (spike, shortage), else -1. */
  queue: number;
  /** Media type (outage), else null. */
  media: MediaType | null;
  /** Arrival multiplier (spike), else 1. */
  factor: number;
  /** Agents sent away (shortage), else 0. */
  agents: number;
  start: number;
  end: number;
}

type IncidentSpec = Omit<Incident, "id" | "start" | "end"> & {
  minutes: number;
};

const KINDS: readonly IncidentKind[] = ["spike", "shortage", "outage"];
const FIELDS: Record<IncidentKind, readonly string[]> = {
  spike: ["queue", "factor", "minutes"],
  shortage: ["queue", "agents", "minutes"],
  outage: ["media", "minutes"],
};
const MINUTE = 60_000;

/** Every incident ever started, in order. */
export class ScenarioLog {
  readonly incidents: Incident[] = [];

  /** Ends what runs at `now` and starts `specs` at `now`. */
  replace(specs: readonly IncidentSpec[], now: number): void {
    this.end(now);
    for (const { minutes, ...spec } of specs) {
      this.incidents.push({
        ...spec,
        id: this.incidents.length,
        start: now,
        end: now + Math.round(minutes * MINUTE),
      });
    }
  }

  /** Ends every incident still running at `now`. */
  end(now: number): void {
    for (const i of this.incidents) if (i.end > now) i.end = now;
  }

  /** Incidents running at `now`. */
  active(now: number): Incident[] {
    return this.incidents.filter((i) => i.start <= now && now < i.end);
  }
}

function fail(detail: string, range = true): never {
  const message = `Cannot set scenario: ${detail}`;
  throw range ? new RangeError(message) : new TypeError(message);
}

function number(
  where: string,
  value: unknown,
  min: number,
  max: number,
  integer = false,
): number {
  const ok = typeof value === "number" && Number.isFinite(value) &&
    (!integer || Number.isInteger(value));
  if (!ok || value < min || value > max) {
    const kind = integer ? "an integer" : "a number";
    fail(
      `"${where}" must be ${kind} from ${min} to ${max}, got ${
        JSON.stringify(value ?? null)
      }`,
      ok,
    );
  }
  return value;
}

function queueOf(org: Org, where: string, value: unknown): number {
  if (typeof value !== "string" || value === "") {
    fail(`"${where}" must be a queue name or id`, false);
  }
  const lower = value.toLowerCase();
  const q = org.queueById.get(value) ??
    org.queues.find((x) => x.name.toLowerCase() === lower);
  if (!q) fail(`unknown queue ${JSON.stringify(value)}`);
  return q.index;
}

/**
 * Validates a scenario body against the org; throws a TypeError (wrong
 * type) or RangeError (bad value) that names the field.
 */
export function parseScenario(value: unknown, org: Org): IncidentSpec[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail("expected a JSON object", false);
  }
  const body = value as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (!(KINDS as readonly string[]).includes(key)) {
      fail(`unknown field ${JSON.stringify(key)}`);
    }
  }
  const specs = KINDS.filter((k) => body[k] !== undefined).map((kind) => {
    const raw = body[kind];
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      fail(`"${kind}" must be an object`, false);
    }
    const item = raw as Record<string, unknown>;
    for (const key of Object.keys(item)) {
      if (!FIELDS[kind].includes(key)) fail(`unknown field "${kind}.${key}"`);
    }
    for (const key of FIELDS[kind]) {
      if (item[key] === undefined) fail(`"${kind}.${key}" is required`, false);
    }
    const spec: IncidentSpec = {
      kind,
      queue: -1,
      media: null,
      factor: 1,
      agents: 0,
      minutes: number(`${kind}.minutes`, item.minutes, 1, 1440),
    };
    if (kind === "outage") {
      const media = item.media;
      if (!(MEDIA_TYPES as readonly unknown[]).includes(media)) {
        fail(
          `"outage.media" must be one of ${MEDIA_TYPES.join(", ")}, got ${
            JSON.stringify(media)
          }`,
          typeof media === "string",
        );
      }
      spec.media = media as MediaType;
    } else {
      spec.queue = queueOf(org, `${kind}.queue`, item.queue);
    }
    if (kind === "spike") {
      spec.factor = number("spike.factor", item.factor, 1, 20);
    }
    if (kind === "shortage") {
      spec.agents = number("shortage.agents", item.agents, 1, 10_000, true);
    }
    return spec;
  });
  if (specs.length === 0) fail('expected "spike", "shortage" or "outage"');
  return specs;
}

/** The `GET /__sim/scenario` answer for the incidents running at `now`. */
export function describeScenario(
  org: Org,
  log: ScenarioLog,
  now: number,
): SimScenarioState {
  const out: SimScenarioState = {};
  for (const i of log.active(now)) {
    const times = {
      minutes: (i.end - i.start) / MINUTE,
      startedAt: iso(i.start),
      endsAt: iso(i.end),
    };
    const q = org.queues[i.queue];
    if (i.kind === "spike") {
      out.spike = {
        queue: q.id,
        queueName: q.name,
        factor: i.factor,
        ...times,
      };
    } else if (i.kind === "shortage") {
      out.shortage = {
        queue: q.id,
        queueName: q.name,
        agents: i.agents,
        ...times,
      };
    } else out.outage = { media: i.media!, ...times };
  }
  return out;
}

/** The scenario part of the simulator: its log, methods and HTTP route. */
export interface ScenarioControl {
  log: ScenarioLog;
  set(scenario: SimScenario): SimScenarioState;
  clear(): void;
  state(): SimScenarioState;
  /** Answers `GET|PUT|DELETE /__sim/scenario`. */
  route(req: Request): Promise<Response>;
}

function failure(status: number, code: string, message: string): Response {
  const cid = crypto.randomUUID();
  return jsonResponse(status, errorBody(status, code, message, cid), {
    "ININ-Correlation-Id": cid,
  });
}

/** Creates the scenario control of `org` on `clock`. */
export function createScenarioControl(org: Org, clock: Clock): ScenarioControl {
  const log = new ScenarioLog();
  const state = () => describeScenario(org, log, clock.now());
  function set(scenario: SimScenario): SimScenarioState {
    log.replace(parseScenario(scenario, org), clock.now());
    return state();
  }
  function clear(): void {
    log.end(clock.now());
  }
  async function route(req: Request): Promise<Response> {
    if (req.method === "GET") return jsonResponse(200, state());
    if (req.method === "DELETE") {
      clear();
      return new Response(null, { status: 204 });
    }
    if (req.method !== "PUT") {
      return failure(
        404,
        "not.found",
        `Cannot find resource: ${req.method} /__sim/scenario`,
      );
    }
    try {
      return jsonResponse(200, set(await readJsonObject(req) as SimScenario));
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      return failure(400, "bad.request", error.message);
    }
  }
  return { log, set, clear, state, route };
}
