/**
 * The simulated world over days: one run per local day, built when time
 * first reaches that day.
 *
 * @module
 */

import type { Org } from "./_org.ts";
import { DayRun } from "./_run.ts";
import type { ScenarioLog } from "./_scenario.ts";
import type { Zone } from "../time_zone.ts";

/** Keeps the run of the current local day and advances it on demand. */
export class World {
  readonly #org: Org;
  readonly #zone: Zone;
  readonly #log: ScenarioLog;
  #run: DayRun | null = null;

  constructor(org: Org, zone: Zone, log: ScenarioLog) {
    this.#org = org;
    this.#zone = zone;
    this.#log = log;
  }

  /**
   * The run of the day holding `t`, advanced to `t`. A new day starts a new
   * run (which re-simulates the last two hours of the day before as its
   * warm-up); the previous run is dropped.
   */
  at(t: number): DayRun {
    let run = this.#run;
    if (!run || t < run.dayStart || t >= run.dayEnd) {
      const dayStart = this.#zone.startOfDay(t);
      run = new DayRun(this.#org, this.#zone, dayStart, this.#log);
      this.#run = run;
    }
    run.advance(t);
    return run;
  }
}
