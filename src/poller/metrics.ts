/**
 * What the poller of one isolate did, for `/metrics`: leadership, commits,
 * failures by Genesys status and code, the interval plan, and the rate-limit
 * budget Genesys reported.
 *
 * @module
 */

import type { RateLimitState } from "../genesys/types.ts";
import { counter, gauge, renderSamples, type Sample } from "../prometheus.ts";
import { errorInfo } from "./_error_info.ts";
import type { PollEvent } from "./loop.ts";

/** Poller counters fed by `runPoller`'s `onEvent`. */
export interface PollerMetrics {
  /** Takes one event of the poll loop. */
  onEvent(event: PollEvent): void;
  /** Prometheus text of the counters and of `rateLimit` (null = unknown). */
  render(rateLimit: RateLimitState | null): string;
}

/**
 * Creates the poller's metrics.
 *
 * @example
 * ```ts ignore
 * const metrics = createPollerMetrics();
 * runPoller({ ...options, onEvent: metrics.onEvent });
 * createApp({ ...options, extraMetrics: () => metrics.render(api.rateLimit()) });
 * ```
 */
export function createPollerMetrics(): PollerMetrics {
  let leader = false;
  let commits = 0;
  let version: number | null = null;
  let pollIntervalMs: number | null = null;
  let aggregateIntervalMs: number | null = null;
  const errors = new Map<string, number>();

  return {
    onEvent(event) {
      switch (event.type) {
        case "leader":
          leader = true;
          break;
        case "standby":
        case "deposed":
          leader = false;
          break;
        case "committed":
          commits++;
          version = event.version;
          break;
        case "plan":
          pollIntervalMs = event.pollIntervalMs;
          aggregateIntervalMs = event.aggregateIntervalMs;
          break;
        case "error": {
          const label = errorCode(event.error);
          errors.set(label, (errors.get(label) ?? 0) + 1);
          break;
        }
      }
    },
    render(rateLimit) {
      const failures: Sample = {
        ...counter(
          "queuepulse_poller_errors_total",
          "Failed poll cycles of this isolate, by Genesys status and code.",
          0,
        ),
        labelled: [...errors].sort().map(([code, n]) => [["code", code], n]),
      };
      return renderSamples([
        gauge(
          "queuepulse_poller_leader",
          "1 while this isolate holds the lease and polls Genesys, else 0.",
          leader ? 1 : 0,
        ),
        counter(
          "queuepulse_poller_commits_total",
          "Snapshots this isolate committed.",
          commits,
        ),
        gauge(
          "queuepulse_poller_committed_version",
          "Version of the last snapshot this isolate committed.",
          version,
        ),
        failures,
        gauge(
          "queuepulse_poller_interval_ms",
          "Planned observation poll interval (stretched by the rate budget).",
          pollIntervalMs,
        ),
        gauge(
          "queuepulse_poller_aggregate_interval_ms",
          "Planned aggregate refresh interval (stretched by the rate budget).",
          aggregateIntervalMs,
        ),
        gauge(
          "queuepulse_genesys_ratelimit_allowed",
          "Requests per window Genesys allows this client (inin-ratelimit-allowed).",
          rateLimit?.allowed ?? null,
        ),
        gauge(
          "queuepulse_genesys_ratelimit_remaining",
          "Requests left in the current window, from the last answer.",
          rateLimit?.remaining ?? null,
        ),
      ]);
    },
  };
}

/** `status code` of a Genesys error, else the error's class name. */
function errorCode(error: unknown): string {
  const { status, code } = errorInfo(error);
  if (status !== null) return `${status} ${code ?? "unknown"}`;
  return error instanceof Error ? error.name : "unknown";
}
