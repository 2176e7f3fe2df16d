import assert from "node:assert/strict";
import { ISOLATE_FAMILIES as F } from "../../src/telemetry/mod.ts";
import { createRecorder } from "../../src/telemetry/recorder.ts";
import { endpointOf, instrumentFetch } from "../../src/telemetry/_genesys.ts";

const API = "https://api.mypurecloud.ie";

Deno.test("endpointOf() keeps method and path, ids as {id}", () => {
  const cases: [string, string, string][] = [
    [
      "GET",
      "/api/v2/routing/queues?pageSize=100&pageNumber=2",
      "GET /api/v2/routing/queues",
    ],
    ["POST", "/oauth/token", "POST /oauth/token"],
    [
      "PUT",
      "/api/v2/notifications/channels/streaming-0-a1b2c3d4e5/subscriptions",
      "PUT /api/v2/notifications/channels/{id}/subscriptions",
    ],
    [
      "GET",
      "/api/v2/routing/queues/1d1af111-b11c-11f1-b111-1cf1c11111fc",
      "GET /api/v2/routing/queues/{id}",
    ],
  ];
  for (const [method, path, endpoint] of cases) {
    assert.equal(
      endpointOf(new Request(`${API}${path}`, { method })),
      endpoint,
    );
  }
});

Deno.test("instrumentFetch() counts status and Genesys code, and times answers", async () => {
  let now = 0;
  const clock = { now: () => now, sleep: () => Promise.resolve() };
  const recorder = createRecorder();
  const answers: (() => Promise<Response>)[] = [
    () => {
      now += 120;
      return Promise.resolve(Response.json({ entities: [] }));
    },
    () => {
      now += 3000;
      return Promise.resolve(
        Response.json({ status: 429, code: "too.many.requests.retry.after" }, {
          status: 429,
        }),
      );
    },
    () =>
      Promise.resolve(
        new Response("<html>bad gateway</html>", { status: 502 }),
      ),
    () => Promise.reject(new TypeError("connection refused")),
    () => Promise.reject(new DOMException("timed out", "TimeoutError")),
    () => Promise.reject(new DOMException("aborted", "AbortError")),
  ];
  const fetch = instrumentFetch(() => answers.shift()!(), recorder, clock);
  const request = () => new Request(`${API}/api/v2/routing/queues`);
  assert.equal((await fetch(request())).status, 200);
  const limited = await fetch(request());
  // The caller still reads the whole body.
  assert.equal((await limited.json()).code, "too.many.requests.retry.after");
  assert.equal((await fetch(request())).status, 502);
  await assert.rejects(fetch(request()), TypeError);
  await assert.rejects(fetch(request()), DOMException);
  await assert.rejects(fetch(request()), DOMException);

  const endpoint = "GET /api/v2/routing/queues";
  const { values, histograms } = recorder.figures();
  assert.deepEqual(values[F.genesysRequests.name], [
    { labels: { endpoint, status: "200", code: "" }, value: 1 },
    {
      labels: {
        endpoint,
        status: "429",
        code: "too.many.requests.retry.after",
      },
      value: 1,
    },
    { labels: { endpoint, status: "502", code: "http.error" }, value: 1 },
    { labels: { endpoint, status: "0", code: "network.error" }, value: 1 },
    { labels: { endpoint, status: "0", code: "request.timeout" }, value: 1 },
  ]);
  const [duration] = histograms[F.genesysDuration.name];
  assert.deepEqual(duration.labels, { endpoint });
  assert.equal(duration.count, 3);
  assert.equal(duration.sum, 3.12);
  // 0.12 s, 3 s and the 502 at once (0 s).
  assert.deepEqual(duration.counts, [1, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
});
