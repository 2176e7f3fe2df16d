/**
 * The doctor's one table: `CHECK`, `RESULT` and `DETAIL` columns, padded.
 *
 * @module
 */

import type { DoctorRow } from "./_row.ts";

/**
 * Renders `rows` under a header, one line each, columns padded with
 * spaces; the text ends with a newline.
 *
 * @example
 * ```ts
 * renderTable([{ check: "kv", result: "OK", detail: "/data/kv.sqlite3: …" }]);
 * // "CHECK  RESULT  DETAIL\nkv     OK      /data/kv.sqlite3: …\n"
 * ```
 */
export function renderTable(rows: readonly DoctorRow[]): string {
  const lines = [["CHECK", "RESULT", "DETAIL"]];
  for (const row of rows) lines.push([row.check, row.result, row.detail]);
  const widths = [0, 1].map((i) => Math.max(...lines.map((l) => l[i].length)));
  return lines.map(([check, result, detail]) =>
    `${check.padEnd(widths[0])}  ${result.padEnd(widths[1])}  ${detail}`
      .trimEnd()
  ).join("\n") + "\n";
}
