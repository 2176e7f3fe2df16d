/**
 * The live state of a simulated day: agents, conversations and the records
 * of conversations that left their queue.
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
  record: ConversationRecord | null;
}

/** How a conversation left the queue. */
export type Outcome = "answered" | "abandoned" | "flowOut";

/** A conversation that left the queue (aggregates are computed from these). */
export interface ConversationRecord {
  queue: number;
  media: MediaType;
  outcome: Outcome;
  /** When it left the queue (answer, abandon or flow-out), epoch ms. */
  at: number;
  waitMs: number;
  /** Answered within the queue's service-level duration. */
  slMet: boolean;
  /** When handling (talk + hold + wrap-up) ended, or -1. */
  handledAt: number;
  talkMs: number;
  holdMs: number;
  acwMs: number;
}
