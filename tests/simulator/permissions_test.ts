import assert from "node:assert/strict";
import { createSimulator } from "../../src/simulator/mod.ts";
import { FakeClock } from "../_support/mod.ts";
import {
  ACTIVITY,
  activityBody,
  aggregateBody,
  AGGREGATES,
  BASE,
  get,
  json,
  observationBody,
  OBSERVATIONS,
  post,
  token,
} from "./_helpers.ts";

const TODAY = "2026-11-27T00:00:00.000Z/2026-11-27T10:00:00.000Z";

Deno.test("a refused permission answers 403 missing.permissions on the endpoints needing it", async () => {
  const sim = createSimulator({ clock: new FakeClock() });
  const t = await token(sim);
  const ids = sim.queueIds();
  sim.setFaults({ missingPermissions: ["analytics:queueObservation:view"] });
  for (
    const [path, body] of [[OBSERVATIONS, observationBody(ids)], [
      ACTIVITY,
      activityBody(ids),
    ]] as const
  ) {
    const res = await post(sim, t, path, body);
    assert.deepEqual(await json(res, 403), {
      message:
        "Unable to perform the requested action. You are missing the following permission(s): [analytics:queueObservation:view]",
      code: "missing.permissions",
      status: 403,
      contextId: res.headers.get("ININ-Correlation-Id"),
      details: [],
      errors: [],
    });
  }
  await json(await post(sim, t, AGGREGATES, aggregateBody(ids, TODAY)));
  await json(await get(sim, t, "/api/v2/routing/queues"));
  sim.setFaults({ missingPermissions: ["routing:queue:view"] });
  assert.equal(
    (await json(await get(sim, t, "/api/v2/routing/queues"), 403)).message,
    "Unable to perform the requested action. You are missing the following permission(s): [routing:queue:view]",
  );
  await json(await post(sim, t, OBSERVATIONS, observationBody(ids)));
  assert.equal(
    (await json(await get(sim, null, "/api/v2/routing/queues"), 401)).code,
    "authentication.required",
    "authentication comes first",
  );
});

Deno.test("missingPermissions must be an array of permission names", async () => {
  const sim = createSimulator({ clock: new FakeClock() });
  for (
    const value of ["analytics:queueObservation:view", ["not a permission"], [
      7,
    ]]
  ) {
    const res = await sim.fetch(`${BASE}/__sim/faults`, {
      method: "PUT",
      body: JSON.stringify({ missingPermissions: value }),
    });
    assert.equal(
      (await json(res, 400)).message,
      `Cannot set faults: "missingPermissions" must be an array of permission names (domain:entity:action), got ${
        JSON.stringify(value)
      }`,
    );
  }
  const list = ["routing:queue:view"];
  sim.setFaults({ missingPermissions: list });
  list.push("analytics:queueObservation:view");
  assert.deepEqual(
    await json(await sim.fetch(`${BASE}/__sim/faults`)),
    { missingPermissions: ["routing:queue:view"] },
    "the fault keeps its own copy",
  );
});
