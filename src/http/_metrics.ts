/**
 * `/metrics` in the Prometheus text exposition format, version 0.0.4
 * (format as documented at prometheus.io, "Exposition formats").
 *
 * @module
 */

import type { Clock } from "../clock.ts";
import type { Realtime } from "../realtime/contracts.ts";
import { counter, gauge, renderSamples, type Sample } from "../prometheus.ts";

/** Content type of the Prometheus text format. */
export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** Renders the isolate's real-time metrics as Prometheus text. */
export function renderMetrics(realtime: Realtime, clock: Clock): string {
  const m = realtime.metrics();
  const snapshot = realtime.current();
  const age = snapshot
    ? Math.max(0, clock.now() - Date.parse(snapshot.committedAt)) / 1000
    : null;
  const samples: Sample[] = [
    gauge(
      "queuepulse_connections",
      "Open WebSocket and SSE connections of this isolate.",
      realtime.connections(),
    ),
    gauge("queuepulse_websockets", "Open WebSocket connections.", m.websockets),
    gauge("queuepulse_sse_streams", "Open SSE streams.", m.sseStreams),
    counter(
      "queuepulse_frames_sent_total",
      "Frames sent to clients.",
      m.framesSent,
    ),
    counter(
      "queuepulse_bytes_sent_total",
      "Bytes sent to clients.",
      m.bytesSent,
    ),
    counter(
      "queuepulse_slow_closed_total",
      "Connections closed because the client was too slow.",
      m.slowClosed,
    ),
    counter(
      "queuepulse_rate_limit_closed_total",
      "WebSockets closed for sending over their message rate.",
      m.rateLimitClosed,
    ),
    counter(
      "queuepulse_resumed_total",
      "Subscriptions resumed with a delta instead of a snapshot.",
      m.resumed,
    ),
    counter(
      "queuepulse_resume_missed_total",
      "Resume attempts answered with a full snapshot.",
      m.resumeMissed,
    ),
    gauge(
      "queuepulse_snapshot_version",
      "Version of the newest snapshot held.",
      snapshot ? snapshot.version : m.version,
    ),
    gauge(
      "queuepulse_snapshot_age_seconds",
      "Seconds since the newest snapshot was committed.",
      age,
    ),
    gauge(
      "queuepulse_stale",
      "1 when no successful poll happened for STALE_AFTER_MS, else 0.",
      realtime.stale() ? 1 : 0,
    ),
  ];
  return renderSamples(samples);
}

/** Compares two strings in time that depends only on their lengths. */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  const length = Math.max(x.length, y.length);
  let diff = x.length ^ y.length;
  for (let i = 0; i < length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
