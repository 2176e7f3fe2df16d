/**
 * The live state of a simulated day: agents, conversations and what the
 * aggregates count of them.
 *
 * @module
 */

import type { AgentDef, SystemPresence } from "./_org.ts";
import type { MediaType } from "./_traffic.ts";

/** Routing status of an agent. */
export type RoutingState =
  | "OFF_QUEUE"
  | "IDLE"
  | "INTERACTING"
  | "NOT_RESPONDING"
  | "COMMUNICATING";

/** Routing statuses in answer order. */
export const ROUTING_STATES: readonly RoutingState[] = [
  "IDLE",
  "INTERACTING",
  "COMMUNICATING",
  "NOT_RESPONDING",
  "OFF_QUEUE",
];

/** Live state of one agent. */
export interface AgentLive {
  def: AgentDef;
  presence: SystemPresence;
  presenceSince: number;
  routing: RoutingState;
  routingSince: number;
  /** Bumped on every routing change; stale timer events carry an old one. */
  gen: number;
  /** Presence to take once the current interaction ends. */
  pending: SystemPresence | null;
  /** The presence the shift plan says now. */
  planned: SystemPresence;
  /** A presence an incident imposes (a shortage), overriding the plan. */
  forced: SystemPresence | null;
}

/** Conversation states. */
export type ConversationState = "waiting" | "alerting" | "interacting" | "done";

/** One inbound conversation of a queue. */
export interface Conversation {
  n: number;
  queue: number;
  media: MediaType;
  enqueueAt: number;
  state: ConversationState;
  /** Agent index while alerting or interacting, else -1. */
  agent: number;
  answeredAt: number;
  abandonAt: number;
  flowOutAt: number;
  record: ConversationRecord;
}

/** How a conversation left the queue. */
export type Outcome = "answered" | "abandoned" | "flowOut";

/**
 * What the aggregates count of one conversation, with the time each metric
 * is emitted: `nOffered` when it enters the queue, the wait metrics when it
 * leaves the queue, `tTalk`/`tHeld` when talking ends, `tAcw`/`tHandle`
 * when handling (wrap-up included) ends.
 */
export interface ConversationRecord {
  queue: number;
  media: MediaType;
  /** When it entered the queue, epoch ms. */
  offeredAt: number;
  /** How it left the queue; null while it is still there. */
  outcome: Outcome | null;
  /** When it left the queue (answer, abandon or flow-out), or -1. */
  at: number;
  waitMs: number;
  /** Answered within the queue's service-level duration. */
  slMet: boolean;
  /** When talking (holds included) ends, or -1 when not answered. */
  talkEndAt: number;
  /** When handling (talk + hold + wrap-up) ends, or -1 when not answered. */
  handledAt: number;
  talkMs: number;
  holdMs: number;
  acwMs: number;
}
