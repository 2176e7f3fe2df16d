import assert from "node:assert/strict";
import { compileQueueFilter, filterQueues } from "../../src/poller/mod.ts";

const queues = [
  { id: "q-1", name: "Sales EMEA" },
  { id: "q-2", name: "sales us" },
  { id: "q-3", name: "Support VIP Gold" },
  { id: "q-4", name: "VIP" },
  { id: "q-5", name: "Billing" },
  { id: "6F1C0A3E-0000-4000-8000-000000000001", name: "Pre-Sales" },
  { id: "q-7", name: "a.b (c)+" },
];

function ids(patterns: string[]): string[] {
  return filterQueues(queues, patterns).map((q) => q.id);
}

Deno.test("filterQueues() with no patterns keeps every queue", () => {
  assert.deepEqual(ids([]), queues.map((q) => q.id));
  assert.deepEqual(ids(["", "  "]), queues.map((q) => q.id));
});

Deno.test("filterQueues() matches a prefix glob case-insensitively", () => {
  assert.deepEqual(ids(["Sales*"]), ["q-1", "q-2"]);
  assert.deepEqual(ids(["SALES*"]), ["q-1", "q-2"]);
});

Deno.test("filterQueues() matches a glob with * on both sides", () => {
  assert.deepEqual(ids(["*VIP*"]), ["q-3", "q-4"]);
  assert.deepEqual(ids(["*sales*"]), [
    "q-1",
    "q-2",
    "6F1C0A3E-0000-4000-8000-000000000001",
  ]);
  assert.deepEqual(ids(["S*VIP*d"]), ["q-3"]);
});

Deno.test("filterQueues() matches an exact id, in any case", () => {
  assert.deepEqual(ids(["q-5"]), ["q-5"]);
  assert.deepEqual(ids(["6f1c0a3e-0000-4000-8000-000000000001"]), [
    "6F1C0A3E-0000-4000-8000-000000000001",
  ]);
});

Deno.test("filterQueues() matches a whole name without a star, not a part", () => {
  assert.deepEqual(ids(["billing"]), ["q-5"]);
  assert.deepEqual(ids(["Bill"]), []);
  assert.deepEqual(ids(["VIP"]), ["q-4"]);
});

Deno.test("filterQueues() takes regex characters literally", () => {
  assert.deepEqual(ids(["a.b (c)+"]), ["q-7"]);
  assert.deepEqual(ids(["a?b*"]), []);
});

Deno.test("filterQueues() unites several patterns and keeps the order", () => {
  assert.deepEqual(ids(["q-5", "Sales*", " *VIP* "]), [
    "q-1",
    "q-2",
    "q-3",
    "q-4",
    "q-5",
  ]);
});

Deno.test("compileQueueFilter() gives a reusable predicate", () => {
  const matches = compileQueueFilter(["Sales*"]);
  assert.equal(matches({ id: "x", name: "Sales" }), true);
  assert.equal(matches({ id: "x", name: "Pre-Sales" }), false);
});
