/**
 * The traffic model: per-media behaviour (alerting, talk, hold, wrap-up,
 * patience, service level) and the time-of-day arrival profile.
 *
 * Service-level and alerting settings use the Genesys `mediaSettings`
 * layout (`call|chat|email|message|callback`, genesys-api.md §5); the
 * analytics media type of `call` is `voice` (§2.4).
 *
 * @module
 */

import type { Rng } from "./_prng.ts";

/** Analytics media types the simulator handles, in answer order. */
export const MEDIA_TYPES = [
  "voice",
  "chat",
  "email",
  "message",
  "callback",
] as const;

/** One analytics media type. */
export type MediaType = typeof MEDIA_TYPES[number];

/** How conversations of one media type behave. */
export interface MediaModel {
  /** Key of `Queue.mediaSettings`. */
  setting: string;
  alertingTimeoutSeconds: number;
  /** Median time an agent takes to accept an alert. */
  answerMedianMs: number;
  talkMedianMs: number;
  talkSigma: number;
  holdChance: number;
  holdMedianMs: number;
  acwMedianMs: number;
  /** Mean customer patience; null = customers never abandon. */
  patienceMeanMs: number | null;
  /** Wait after which the conversation flows out of the queue. */
  maxWaitMs: number;
  /** Share of a queue's arrivals when the queue handles this media. */
  weight: number;
  /** Service-level targets a queue may have (picked per queue). */
  slPercentages: readonly number[];
  slDurationsMs: readonly number[];
}

/** The model of every media type. */
export const MEDIA: Readonly<Record<MediaType, MediaModel>> = {
  voice: {
    setting: "call",
    alertingTimeoutSeconds: 8,
    answerMedianMs: 3_000,
    talkMedianMs: 210_000,
    talkSigma: 0.6,
    holdChance: 0.25,
    holdMedianMs: 45_000,
    acwMedianMs: 35_000,
    patienceMeanMs: 240_000,
    maxWaitMs: 900_000,
    weight: 1,
    slPercentages: [0.8, 0.8, 0.9, 0.7],
    slDurationsMs: [20_000, 20_000, 30_000],
  },
  chat: {
    setting: "chat",
    alertingTimeoutSeconds: 30,
    answerMedianMs: 6_000,
    talkMedianMs: 420_000,
    talkSigma: 0.5,
    holdChance: 0.05,
    holdMedianMs: 30_000,
    acwMedianMs: 40_000,
    patienceMeanMs: 300_000,
    maxWaitMs: 1_200_000,
    weight: 0.35,
    slPercentages: [0.8],
    slDurationsMs: [60_000],
  },
  email: {
    setting: "email",
    alertingTimeoutSeconds: 30,
    answerMedianMs: 10_000,
    talkMedianMs: 300_000,
    talkSigma: 0.7,
    holdChance: 0,
    holdMedianMs: 0,
    acwMedianMs: 60_000,
    patienceMeanMs: null,
    maxWaitMs: 14_400_000,
    weight: 0.2,
    slPercentages: [0.8],
    slDurationsMs: [3_600_000],
  },
  message: {
    setting: "message",
    alertingTimeoutSeconds: 30,
    answerMedianMs: 8_000,
    talkMedianMs: 360_000,
    talkSigma: 0.6,
    holdChance: 0.03,
    holdMedianMs: 30_000,
    acwMedianMs: 40_000,
    patienceMeanMs: 600_000,
    maxWaitMs: 1_800_000,
    weight: 0.25,
    slPercentages: [0.8],
    slDurationsMs: [120_000],
  },
  callback: {
    setting: "callback",
    alertingTimeoutSeconds: 30,
    answerMedianMs: 5_000,
    talkMedianMs: 240_000,
    talkSigma: 0.6,
    holdChance: 0.2,
    holdMedianMs: 40_000,
    acwMedianMs: 40_000,
    patienceMeanMs: null,
    maxWaitMs: 3_600_000,
    weight: 0.1,
    slPercentages: [0.8],
    slDurationsMs: [600_000],
  },
};

/** Abandons shorter than this are also short abandons (`tShortAbandon`). */
export const SHORT_ABANDON_MS = 10_000;
/** Chance an alerted agent does not answer (→ NOT_RESPONDING). */
const NOT_RESPONDING_CHANCE = 0.04;
/** Median time an agent stays NOT_RESPONDING before going idle again. */
const NOT_RESPONDING_MEDIAN_MS = 60_000;

/** Arrival intensity by local time of day. */
export interface ArrivalProfile {
  /** Intensity at `hour` hours after local midnight (any real number). */
  at(hour: number): number;
  /** Highest intensity of the day. */
  max: number;
}

/**
 * Demand relative to staffing: a little above it mid-morning and in the
 * afternoon, below it over lunch, so service level moves through the day.
 */
function demandShape(hour: number): number {
  const bump = (centre: number, width: number) =>
    Math.exp(-(((hour - centre) / width) ** 2));
  return 1 + 0.14 * bump(10.5, 1.2) + 0.1 * bump(15, 1.2) -
    0.1 * bump(12.75, 0.7);
}

/**
 * The arrival profile: the expected on-queue share of agents per
 * quarter-hour (`share`, see `onQueueShare`) times the demand shape, with a
 * floor so that nights stay quiet but never silent. Arrivals therefore
 * peak mid-morning and in the afternoon, when most agents work.
 */
export function createArrivalProfile(share: readonly number[]): ArrivalProfile {
  const slots = share.length;
  const values = share.map((s, i) =>
    Math.max(s, 0.02) * demandShape((i + 0.5) * 24 / slots)
  );
  return {
    at(hour) {
      const x = (((hour % 24) + 24) % 24) * slots / 24 - 0.5;
      const i = Math.floor(x);
      const f = x - i;
      const a = values[(i + slots) % slots];
      const b = values[(i + 1) % slots];
      return a + (b - a) * f;
    },
    max: Math.max(...values),
  };
}

/** Expected handle time (answer + talk + hold + wrap-up) of one media type. */
export function meanHandleMs(model: MediaModel): number {
  const talk = model.talkMedianMs * Math.exp(model.talkSigma ** 2 / 2);
  const hold = model.holdChance * model.holdMedianMs * Math.exp(0.5 ** 2 / 2);
  const acw = model.acwMedianMs * Math.exp(0.5 ** 2 / 2);
  return model.answerMedianMs + talk + hold + acw;
}

/** The parts of one handled conversation, ms. */
export interface Handling {
  talkMs: number;
  holdMs: number;
  acwMs: number;
}

/**
 * How an alert ends: the delay until the agent answers (positive), or
 * minus the alerting timeout when the agent does not answer.
 */
export function drawAlert(rng: Rng, model: MediaModel): number {
  const timeout = model.alertingTimeoutSeconds * 1000;
  if (rng.chance(NOT_RESPONDING_CHANCE)) return -timeout;
  const delay = Math.round(rng.logNormal(model.answerMedianMs, 0.5));
  return Math.min(Math.max(delay, 500), timeout - 500);
}

/** Talk, hold and wrap-up of an answered conversation. */
export function drawHandling(rng: Rng, model: MediaModel): Handling {
  const talkMs = Math.round(
    Math.max(5_000, rng.logNormal(model.talkMedianMs, model.talkSigma)),
  );
  const holdMs = rng.chance(model.holdChance)
    ? Math.round(Math.max(1_000, rng.logNormal(model.holdMedianMs, 0.5)))
    : 0;
  const acwMs = Math.round(
    Math.max(1_000, rng.logNormal(model.acwMedianMs, 0.5)),
  );
  return { talkMs, holdMs, acwMs };
}

/** How long an agent stays NOT_RESPONDING (15 s to 10 min). */
export function drawNotResponding(rng: Rng): number {
  const ms = rng.logNormal(NOT_RESPONDING_MEDIAN_MS, 0.6);
  return Math.round(Math.min(Math.max(ms, 15_000), 600_000));
}
