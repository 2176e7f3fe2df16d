/**
 * `deno task sim:report`: how believable the simulated contact centre is.
 * Simulates whole days of the default org (and other seeds) on a stepped
 * clock, polls it through the real Genesys client every minute as the
 * poller would, builds snapshots with the default alert rules, and prints
 * the day's figures: queues within their service-level target ± 15 points,
 * abandoned share, ASA, voice AHT, busy-hour occupancy, and the share of
 * queue-minutes in alert.
 *
 * @example
 * ```sh
 * deno task sim:report -- --seeds 1,2,3 --date 2026-11-27 --time-zone UTC
 * ```
 *
 * @module
 */

import { type DayFigures, dayFigures, MINUTE } from "./_day_figures.ts";

export {
  type DayFigures,
  dayFigures,
  type DayOptions,
  type QueueDay,
} from "./_day_figures.ts";

function percent(x: number | null): string {
  return x === null ? "–" : `${(x * 100).toFixed(1)} %`;
}

/** The report of `figures` as markdown tables. */
export function report(figures: DayFigures[]): string {
  const lines = [
    "| seed | offered | queues in target ± 15 | abandoned | ASA | voice AHT | busy-hour occupancy | queue-minutes in alert | night / peak | quietest half-hour | simulate the day |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...figures.map((f) =>
      `| ${f.seed} | ${f.offered} | ${f.withinTarget} of ${f.queues.length} | ${
        percent(f.abandonRate)
      } | ${(f.asaMs / 1000).toFixed(1)} s | ${
        (f.voiceAhtMs / MINUTE).toFixed(2)
      } min | ${percent(f.busyOccupancy)} | ${percent(f.alertShare)} | ${
        percent(f.nightShare)
      } | ${f.quietestHalfHour} | ${Math.round(f.simulateMs)} ms |`
    ),
    "",
    "| seed | queue | offered | service level | target | abandoned |",
    "| ---: | --- | ---: | ---: | ---: | ---: |",
    ...figures.flatMap((f) =>
      f.queues.map((q) =>
        `| ${f.seed} | ${q.name} | ${q.offered} | ${
          percent(q.serviceLevel)
        } | ${percent(q.target)} | ${percent(q.abandonRate)} |`
      )
    ),
    "",
    "| seed | queue-minutes in alert, by rule |",
    "| ---: | --- |",
    ...figures.map((f) =>
      `| ${f.seed} | ${
        Object.entries(f.ruleShare).map(([rule, share]) =>
          `${rule} ${percent(share)}`
        ).join(", ")
      } |`
    ),
  ];
  return lines.join("\n");
}

function flag(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
}

/** Prints the report for the seeds and date of `args`. */
export async function main(args: string[]): Promise<void> {
  const seeds = flag(args, "seeds", "1,2,3,4,5").split(",").map(Number);
  const base = {
    date: flag(args, "date", "2026-11-27"),
    timeZone: flag(args, "time-zone", "UTC"),
    queues: Number(flag(args, "queues", "12")),
    agents: Number(flag(args, "agents", "80")),
  };
  const figures: DayFigures[] = [];
  for (const seed of seeds) figures.push(await dayFigures({ ...base, seed }));
  console.log(
    `Simulated ${base.date} (${base.timeZone}), ${base.queues} queues, ${base.agents} agents\n`,
  );
  console.log(report(figures));
}

if (import.meta.main) await main(Deno.args);
