import assert from "node:assert/strict";
import { renderTable } from "../../src/doctor/mod.ts";
import { parseTable } from "./_run.ts";

Deno.test("renderTable() pads the columns under one header", () => {
  const rows = [
    { check: "token", result: "OK" as const, detail: "accepted" },
    { check: "routing activity", result: "FAIL" as const, detail: "403" },
    { check: "kv", result: "SKIP" as const, detail: "" },
  ];
  const table = renderTable(rows);
  assert.equal(
    table,
    [
      "CHECK             RESULT  DETAIL",
      "token             OK      accepted",
      "routing activity  FAIL    403",
      "kv                SKIP",
      "",
    ].join("\n"),
  );
  assert.deepEqual(parseTable(table), rows);
});
