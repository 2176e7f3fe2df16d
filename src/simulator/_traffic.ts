/**
 * The traffic model: per-media behaviour (alerting, talk, hold, wrap-up,
 * patience, service level) and the demand of the day by local hour.
 *
 * Service-level and alerting settings use the Genesys `mediaSettings`
 * layout of a queue (`call|chat|email|message|callback`); the analytics
 * media type of `call` is `voice`.
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
    talkMedianMs: 190_000,
    talkSigma: 0.8,
    holdChance: 0.25,
    holdMedianMs: 45_000,
    acwMedianMs: 35_000,
    patienceMeanMs: 150_000,
    maxWaitMs: 900_000,
    weight: 1,
    slPercentages: [0.8, 0.8, 0.9],
    slDurationsMs: [20_000, 20_000, 30_000],
  },
  chat: {
    setting: "chat",
    alertingTimeoutSeconds: 30,
    answerMedianMs: 6_000,
    talkMedianMs: 360_000,
    talkSigma: 0.8,
    holdChance: 0.05,
    holdMedianMs: 30_000,
    acwMedianMs: 40_000,
    patienceMeanMs: 200_000,
    maxWaitMs: 1_200_000,
    weight: 0.35,
    slPercentages: [0.8],
    slDurationsMs: [60_000],
  },
  email: {
    setting: "email",
    alertingTimeoutSeconds: 30,
    answerMedianMs: 10_000,
    talkMedianMs: 240_000,
    talkSigma: 0.8,
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
    talkMedianMs: 300_000,
    talkSigma: 0.8,
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
    talkMedianMs: 200_000,
    talkSigma: 0.8,
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
const NOT_RESPONDING_CHANCE = 0.015;
/** Median time an agent stays NOT_RESPONDING before going idle again. */
const NOT_RESPONDING_MEDIAN_MS = 45_000;

/**
 * Demand of a 24/7 centre by local hour, relative to the busiest hour: the
 * value at hh:30 of each hour (`DAILY_SHAPE[h]`). Nights run at 10–17 % of
 * the peak, the morning ramps up from 06:00, the lunch hour dips, the
 * afternoon has a second peak and the evening tails off.
 */
const DAILY_SHAPE = [
  0.14,
  0.12,
  0.11,
  0.1,
  0.1,
  0.13,
  0.22,
  0.42,
  0.72,
  0.93,
  1,
  0.95,
  0.78,
  0.82,
  0.94,
  0.9,
  0.78,
  0.6,
  0.45,
  0.35,
  0.28,
  0.22,
  0.18,
  0.16,
];

/**
 * Demand at `hour` hours after local midnight (0..1, 1 at the peak; any
 * real number, taken modulo 24), interpolated between the hourly values.
 */
export function demandAt(hour: number): number {
  const x = (((hour - 0.5) % 24) + 24) % 24;
  const i = Math.floor(x);
  const f = x - i;
  const a = DAILY_SHAPE[i];
  return a + (DAILY_SHAPE[(i + 1) % 24] - a) * f;
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
