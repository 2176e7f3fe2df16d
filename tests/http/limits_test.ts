import assert from "node:assert/strict";
import { MAX_HEADER_BYTES, MAX_URL_BYTES } from "../../src/http/_limits.ts";
import { call, testApp } from "./_fixtures.ts";

function tooLarge(message: string) {
  return { error: { code: "too_large", message } };
}

Deno.test("a URL over 16 KiB is 414 JSON; 16 KiB is served", async () => {
  const { app } = testApp();
  // "/healthz?" is 9 bytes; pad the query to the exact limit and one over.
  const pad = (n: number) => `/healthz?x=${"a".repeat(n - 11)}`;
  assert.equal((await call(app, pad(MAX_URL_BYTES))).status, 200);
  const over = await call(app, pad(MAX_URL_BYTES + 1));
  assert.equal(over.status, 414);
  assert.equal(over.headers.get("x-content-type-options"), "nosniff");
  assert.deepEqual(
    over.json,
    tooLarge(
      "Cannot accept request: URL of 16385 bytes is over the limit of 16384 bytes",
    ),
  );
});

Deno.test("headers over 32 KiB are 431 JSON", async () => {
  const { app } = testApp();
  const fine = await call(app, "/healthz", { "x-pad": "a".repeat(30_000) });
  assert.equal(fine.status, 200);
  const over = await call(app, "/healthz", {
    "x-pad": "a".repeat(MAX_HEADER_BYTES),
  });
  assert.equal(over.status, 431);
  assert.deepEqual(
    over.json,
    tooLarge(
      "Cannot accept request: headers of 32773 bytes are over the limit of 32768 bytes",
    ),
  );
});

Deno.test("any body on GET or HEAD is 413 JSON, on every route", async () => {
  const { app } = testApp();
  for (const path of ["/healthz", "/", "/api/v1/snapshot", "/ws", "/nope"]) {
    for (const method of ["GET", "HEAD"]) {
      for (
        const headers of [
          ["content-length", "1048576"],
          ["content-length", "5"],
          ["transfer-encoding", "chunked"],
        ] as [string, string][]
      ) {
        const res = await app.request(path, { method, headers: [headers] });
        assert.equal(res.status, 413, `${method} ${path}`);
        if (method === "GET") {
          assert.deepEqual(
            await res.json(),
            tooLarge(`Cannot accept request: GET takes no body`),
          );
        } else await res.body?.cancel();
      }
    }
  }
  const empty = await call(app, "/healthz", { "content-length": "0" });
  assert.equal(empty.status, 200);
});

Deno.test("a real GET with a 1 MB body gets the 413 JSON answer", async () => {
  const { app } = testApp();
  await using server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    (req) => app.fetch(req),
  );
  const conn = await Deno.connect({
    hostname: "127.0.0.1",
    port: server.addr.port,
  });
  const head =
    "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n";
  const writing = conn.write(new TextEncoder().encode(head))
    .then(() => conn.write(new Uint8Array(1 << 20)))
    .catch(() => 0); // the server may stop reading once it has answered
  let text = "";
  const buffer = new Uint8Array(4096);
  while (!text.includes("}}")) {
    const n = await conn.read(buffer);
    if (n === null) break;
    text += new TextDecoder().decode(buffer.subarray(0, n));
  }
  await writing;
  conn.close();
  assert.match(text, /^HTTP\/1\.1 413 /);
  assert.ok(
    text.endsWith(
      '{"error":{"code":"too_large","message":"Cannot accept request: GET takes no body"}}',
    ),
    text,
  );
});
