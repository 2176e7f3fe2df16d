/**
 * The doctor room: `deno task doctor` checks, with the configured
 * credentials, everything queuepulse needs from Genesys Cloud (region,
 * token, each call and topic with its permission, the queues and divisions
 * visible) and from KV, and reports one table.
 *
 * @example
 * ```ts ignore
 * import { renderTable, runDoctor } from "./doctor/mod.ts";
 *
 * const report = await runDoctor(loadConfig(Deno.env));
 * console.log(renderTable(report.rows));
 * Deno.exit(report.failed ? 1 : 0);
 * ```
 *
 * @module
 */

export { type DoctorDeps, type DoctorReport, runDoctor } from "./doctor.ts";
export type { DoctorResult, DoctorRow } from "./_row.ts";
export type { KvOpener } from "./_kv.ts";
export { renderTable } from "./_table.ts";
