import assert from "node:assert/strict";
import { createRefreshRequest } from "../../src/poller/mod.ts";

Deno.test("createRefreshRequest() answers true once per request", () => {
  const refresh = createRefreshRequest();
  assert.equal(refresh.directoryRefresh(), false);
  refresh.requestDirectoryRefresh();
  refresh.requestDirectoryRefresh();
  assert.equal(refresh.directoryRefresh(), true);
  assert.equal(refresh.directoryRefresh(), false);
});

Deno.test("createRefreshRequest() methods work unbound", () => {
  const { requestDirectoryRefresh, directoryRefresh } = createRefreshRequest();
  requestDirectoryRefresh();
  assert.equal(directoryRefresh(), true);
});
