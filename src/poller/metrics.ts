/**
 * The poller's metrics for `/metrics`: what this isolate's loop did
 * (leadership, commits, failures, 429s) and, from the status record, what
 * the deployment's leader is doing (plan, back-off, stretch, refusals,
 * incomplete agent lists), in base units.
 *
 * @module
 */

import { counter, gauge, renderSamples, type Sample } from "../prometheus.ts";
import { errorInfo } from "./_error_info.ts";
import type { PollEvent } from "./events.ts";
import type { PollerStatus } from "./status.ts";

/** Poller counters fed by `runPoller`'s `onEvent`. */
export interface PollerMetrics {
  /** Takes one event of the poll loop. */
  onEvent(event: PollEvent): void;
  /**
   * Prometheus text. The gauges come from `status` (the record any isolate
   * can follow), else from the last status this isolate wrote as leader.
   */
  render(status?: PollerStatus | null): string;
}

/**
 * Creates the poller's metrics.
 *
 * @example
 * ```ts ignore
 * const metrics = createPollerMetrics();
 * runPoller({ ...options, onEvent: metrics.onEvent });
 * const status = followPollerStatus(kv, signal);
 * createApp({ ...options, extraMetrics: () => metrics.render(status.current()) });
 * ```
 */
export function createPollerMetrics(): PollerMetrics {
  let leader = false;
  let commits = 0;
  let version: number | null = null;
  let rateLimited = 0;
  let own: PollerStatus | null = null;
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
        case "status":
          own = event.status;
          break;
        case "error": {
          const label = errorCode(event.error);
          errors.set(label, (errors.get(label) ?? 0) + 1);
          if (event.kind === "rate-limited") rateLimited++;
          break;
        }
      }
    },
    render(status) {
      const s = status ?? own;
      const plan = s?.plan;
      const seconds = (ms: number | undefined) =>
        ms === undefined ? null : ms / 1000;
      const flag = (value: boolean | undefined) =>
        value === undefined ? null : value ? 1 : 0;
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
        labelled(
          counter(
            "queuepulse_poller_errors_total",
            "Failed calls, builds and commits of this isolate's poller, by Genesys status and code.",
            0,
          ),
          "code",
          [...errors].sort(),
        ),
        counter(
          "queuepulse_poller_rate_limited_total",
          "429 answers this isolate's poller received.",
          rateLimited,
        ),
        gauge(
          "queuepulse_poller_interval_seconds",
          "Planned observation poll interval.",
          seconds(plan?.pollIntervalMs),
        ),
        gauge(
          "queuepulse_poller_aggregate_interval_seconds",
          "Planned today-aggregates refresh interval.",
          seconds(plan?.aggregateIntervalMs),
        ),
        gauge(
          "queuepulse_poller_planned_calls_per_minute",
          "Genesys calls per minute the plan makes.",
          plan?.callsPerMinute ?? null,
        ),
        gauge(
          "queuepulse_poller_rate_ceiling_calls_per_minute",
          "The poller's own rate ceiling: 80% of the allowance, lower after 429s.",
          plan?.ceilingPerMinute ?? null,
        ),
        gauge(
          "queuepulse_poller_stretched",
          "1 while the intervals are stretched to fit the rate budget.",
          flag(plan?.stretched),
        ),
        gauge(
          "queuepulse_poller_slow",
          "1 while polls are further apart than STALE_AFTER_MS can carry.",
          flag(plan?.slow),
        ),
        gauge(
          "queuepulse_poller_backoff_seconds",
          "The wait in force: a 429's Retry-After or the probe interval, else 0.",
          s === null ? null : seconds(s.backoff?.delayMs ?? 0),
        ),
        gauge(
          "queuepulse_poller_incomplete_activity_queues",
          "Queues whose agent list Genesys could not give in full.",
          s?.incompleteQueueIds.length ?? null,
        ),
        labelled(
          gauge(
            "queuepulse_poller_forbidden",
            "1 for each part Genesys refuses with 403 missing.permissions.",
            null,
          ),
          "part",
          (s?.forbidden ?? []).map((f) => [f.part, 1]),
        ),
      ]);
    },
  };
}

function labelled(
  sample: Sample,
  key: string,
  values: [string, number][],
): Sample {
  return { ...sample, labelled: values.map(([v, n]) => [[key, v], n]) };
}

/** `status code` of a Genesys error, else the error's class name. */
function errorCode(error: unknown): string {
  const { status, code } = errorInfo(error);
  if (status !== null) return `${status} ${code ?? "unknown"}`;
  return error instanceof Error ? error.name : "unknown";
}
