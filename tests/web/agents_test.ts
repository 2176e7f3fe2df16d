import assert from "node:assert/strict";
import {
  agentsInOrder,
  shownStatus,
  STATUS_LABEL,
  statusSince,
} from "../../web/agents.js";
import { agent } from "./_fixtures.ts";

const ANA = agent("u-1", "Ana", {
  routingStatus: "INTERACTING",
  routingStatusSince: "2026-11-27T10:02:00.000Z",
});
const BO = agent("u-2", "Bo", {
  routingStatus: "NOT_RESPONDING",
  routingStatusSince: "2026-11-27T10:04:30.000Z",
});
const CY = agent("u-3", "Cy", {
  routingStatus: "IDLE",
  routingStatusSince: "2026-11-27T09:50:00.000Z",
});
const DI = agent("u-4", "Di", {
  routingStatus: "OFF_QUEUE",
  routingStatusSince: "2026-11-26T02:00:00.000Z",
  presence: "OFFLINE",
  presenceSince: "2026-11-26T02:00:00.000Z",
});
const EVE = agent("u-5", "Eve", {
  routingStatus: "NOT_RESPONDING",
  routingStatusSince: "2026-11-27T10:01:00.000Z",
});
const ALL = [ANA, BO, CY, DI, EVE];

function ids(list: { id: string }[]): string[] {
  return list.map((a) => a.id);
}

Deno.test("by status: status order, then longest in status, offline last", () => {
  assert.deepEqual(
    ids(
      agentsInOrder(ALL, {
        sort: "status",
        filter: "all",
        offlineClock: false,
      }),
    ),
    ["u-5", "u-2", "u-3", "u-1", "u-4"],
  );
});

Deno.test("by time in status: longest first, offline without a clock last", () => {
  assert.deepEqual(
    ids(
      agentsInOrder(ALL, { sort: "time", filter: "all", offlineClock: false }),
    ),
    ["u-3", "u-5", "u-1", "u-2", "u-4"],
  );
  assert.deepEqual(
    ids(
      agentsInOrder(ALL, { sort: "time", filter: "all", offlineClock: true }),
    ),
    ["u-4", "u-3", "u-5", "u-1", "u-2"],
  );
});

Deno.test("the NOT_RESPONDING filter keeps only those agents", () => {
  assert.deepEqual(
    ids(
      agentsInOrder(ALL, {
        sort: "time",
        filter: "notResponding",
        offlineClock: false,
      }),
    ),
    ["u-5", "u-2"],
  );
});

Deno.test("an offline agent shows as offline, with no clock unless asked", () => {
  assert.equal(shownStatus(DI), "OFFLINE");
  assert.equal(STATUS_LABEL[shownStatus(DI)], "Offline");
  assert.equal(statusSince(DI, false), null);
  assert.equal(statusSince(DI, true), "2026-11-26T02:00:00.000Z");
  assert.equal(statusSince(ANA, false), "2026-11-27T10:02:00.000Z");
});

Deno.test("ordering leaves the given list unchanged", () => {
  const list = [...ALL];
  agentsInOrder(list, { sort: "time", filter: "all", offlineClock: false });
  assert.deepEqual(ids(list), ids(ALL));
});
