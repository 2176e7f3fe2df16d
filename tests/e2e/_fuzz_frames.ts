/**
 * Frame generators of the fuzz end-to-end test (fast-check): client frames
 * built by mutating valid `subscribe` / `ping` frames, random JSON, deep
 * nesting, huge arrays, wrong types, unicode, prototype-pollution keys, odd
 * numbers, strings near the 64 KiB limit and binary frames.
 *
 * @module
 */

import fc from "fast-check";

/** The 64 KiB frame limit. */
export const FRAME_LIMIT = 64 * 1024;

/** One generated client frame and what kind of mutation made it. */
export interface FuzzFrame {
  kind: string;
  data: string | Uint8Array;
}

/** What the generators may draw from: real ids, tokens and the epoch. */
export interface FuzzContext {
  queueIds: string[];
  epoch: string;
  /** Tokens by name (valid, scoped, expired, forged, …). */
  tokens: Record<string, string>;
}

/** Strings that tend to break parsers, routers and lookups. */
export const NASTY_STRINGS = [
  "",
  " ",
  "*",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "\u0000",
  "\ud800",
  "\udfff",
  "💥",
  "é",
  "\u202e",
  "null",
  "undefined",
  "NaN",
  "-0",
  "1e309",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "%00",
  "q".repeat(300),
];

/** Strings that stress parsers: unicode, control characters, long runs. */
export function weirdString(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...NASTY_STRINGS),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({ unit: "grapheme", maxLength: 20 }),
  );
}

/** Any value a field could hold, including nested junk. */
function junk(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 4 },
    { arbitrary: weirdString(), weight: 2 },
    {
      arbitrary: fc.constantFrom(
        0,
        -0,
        -1,
        1.5,
        Number.MAX_SAFE_INTEGER + 2,
        1e300,
      ),
      weight: 1,
    },
    { arbitrary: fc.constant(null), weight: 1 },
  );
}

function tokenField(ctx: FuzzContext): fc.Arbitrary<unknown> {
  const t = ctx.tokens;
  return fc.oneof(
    { arbitrary: fc.constant(t.valid), weight: 40 },
    { arbitrary: fc.constant(t.scoped), weight: 20 },
    { arbitrary: fc.constant(t.empty), weight: 4 },
    { arbitrary: fc.constant(t.soon), weight: 1 },
    {
      arbitrary: fc.constantFrom(t.expired, t.forged, t.none, t.tampered),
      weight: 2,
    },
    { arbitrary: fc.constant(undefined), weight: 1 },
    { arbitrary: weirdString(), weight: 1 },
    { arbitrary: junk(), weight: 1 },
    { arbitrary: fc.constant("x".repeat(9000)), weight: 1 },
  );
}

function queuesField(ctx: FuzzContext): fc.Arbitrary<unknown> {
  const id = fc.oneof(
    { arbitrary: fc.constantFrom(...ctx.queueIds), weight: 6 },
    { arbitrary: weirdString(), weight: 1 },
  );
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 6 },
    { arbitrary: fc.array(id, { maxLength: 4 }), weight: 8 },
    {
      arbitrary: fc.integer({ min: 990, max: 1010 }).map((n) =>
        Array.from({ length: n }, (_, i) => `q-${i}`)
      ),
      weight: 1,
    },
    { arbitrary: junk(), weight: 2 },
  );
}

function sinceField(ctx: FuzzContext): fc.Arbitrary<unknown> {
  const version = fc.oneof(
    fc.integer({ min: 0, max: 3 }),
    fc.constantFrom(-1, -0, 1.5, 2 ** 53, "1", "NaN", null),
  );
  const epoch = fc.oneof(
    { arbitrary: fc.constant(ctx.epoch), weight: 4 },
    { arbitrary: weirdString(), weight: 1 },
    { arbitrary: junk(), weight: 1 },
  );
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 5 },
    { arbitrary: fc.record({ epoch, version }), weight: 5 },
    { arbitrary: junk(), weight: 1 },
  );
}

const POLLUTION_KEYS = ["__proto__", "constructor", "prototype"];

/** A `subscribe` with each field valid, missing, mistyped or junk. */
function subscribe(ctx: FuzzContext): fc.Arbitrary<FuzzFrame> {
  return fc.record({
    token: tokenField(ctx),
    queues: queuesField(ctx),
    agents: fc.oneof(
      { arbitrary: fc.boolean(), weight: 6 },
      { arbitrary: fc.constant(undefined), weight: 3 },
      { arbitrary: junk(), weight: 1 },
    ),
    since: sinceField(ctx),
    extra: fc.option(
      fc.dictionary(
        fc.oneof(fc.constantFrom(...POLLUTION_KEYS), weirdString()),
        junk(),
        { maxKeys: 3 },
      ),
      { freq: 3 },
    ),
  }).map(({ extra, ...fields }) => {
    const message: Record<string, unknown> = { type: "subscribe" };
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) message[key] = value;
    }
    let text = JSON.stringify(message);
    if (extra) {
      // Spliced as text so `__proto__` arrives as a JSON key.
      const more = Object.entries(extra).map(([k, v]) =>
        `${JSON.stringify(k)}:${JSON.stringify(v ?? null)}`
      );
      if (more.length) text = `${text.slice(0, -1)},${more.join(",")}}`;
    }
    return { kind: "subscribe", data: text };
  });
}

/** A `ping`, maybe with extra fields or a near-miss type. */
function ping(): fc.Arbitrary<FuzzFrame> {
  return fc.record({
    type: fc.oneof(
      { arbitrary: fc.constant("ping"), weight: 6 },
      {
        arbitrary: fc.constantFrom("PING", " ping", "ping\u0000", "pong", ""),
        weight: 1,
      },
      { arbitrary: junk(), weight: 1 },
    ),
    extra: fc.dictionary(weirdString(), junk(), { maxKeys: 2 }),
  }).map(({ type, extra }) => ({
    kind: "ping",
    data: JSON.stringify({ ...extra, type }),
  }));
}

/** Numbers JSON.stringify cannot write, spliced in as raw text. */
function rawNumbers(ctx: FuzzContext): fc.Arbitrary<FuzzFrame> {
  return fc.record({
    number: fc.constantFrom(
      "1e309",
      "-1e309",
      "-0",
      "0.0",
      "1E2",
      "9007199254740993",
      "NaN",
      "Infinity",
      "0x10",
      "01",
    ),
    field: fc.constantFrom("version", "agents", "queues", "token"),
  }).map(({ number, field }) => ({
    kind: "numbers",
    data: field === "version"
      ? `{"type":"subscribe","token":${
        JSON.stringify(ctx.tokens.valid)
      },"since":{"epoch":${JSON.stringify(ctx.epoch)},"version":${number}}}`
      : `{"type":"subscribe","token":${
        JSON.stringify(ctx.tokens.valid)
      },"${field}":${number}}`,
  }));
}

/** Deeply nested arrays or objects in a field, or as the whole frame. */
function deep(): fc.Arbitrary<FuzzFrame> {
  return fc.record({
    depth: fc.integer({ min: 10, max: 20_000 }),
    shape: fc.constantFrom("array", "object"),
    where: fc.constantFrom("since", "queues", "token", "root"),
  }).map(({ depth, shape, where }) => {
    const open = shape === "array" ? "[" : '{"a":';
    const close = shape === "array" ? "]" : "}";
    const nested = open.repeat(depth) + "1" + close.repeat(depth);
    return {
      kind: "deep",
      data: where === "root"
        ? nested
        : `{"type":"subscribe","${where}":${nested}}`,
    };
  });
}

/** Valid-looking frames padded to just under, at or over the limit. */
function nearLimit(ctx: FuzzContext): fc.Arbitrary<FuzzFrame> {
  return fc.record({
    delta: fc.integer({ min: -3, max: 3 }),
    unit: fc.constantFrom("a", "é", "💥"),
    field: fc.constantFrom("token", "pad", "queues"),
  }).map(({ delta, unit, field }) => {
    const head = field === "queues"
      ? `{"type":"subscribe","token":${
        JSON.stringify(ctx.tokens.valid)
      },"queues":["`
      : `{"type":"${field === "token" ? "subscribe" : "ping"}","${field}":"`;
    const tail = field === "queues" ? '"]}' : '"}';
    const unitBytes = new TextEncoder().encode(unit).length;
    const room = FRAME_LIMIT + delta - head.length - tail.length;
    const count = Math.max(0, Math.floor(room / unitBytes));
    return { kind: "near-limit", data: head + unit.repeat(count) + tail };
  });
}

/** A valid frame with a few characters flipped, inserted or removed. */
function mutated(ctx: FuzzContext): fc.Arbitrary<FuzzFrame> {
  const base = fc.constantFrom(
    '{"type":"ping"}',
    JSON.stringify({ type: "subscribe", token: ctx.tokens.valid }),
    JSON.stringify({
      type: "subscribe",
      token: ctx.tokens.scoped,
      queues: ctx.queueIds.slice(0, 2),
      since: { epoch: ctx.epoch, version: 1 },
    }),
  );
  const edit = fc.record({
    at: fc.nat(),
    op: fc.constantFrom("flip", "insert", "delete"),
    char: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
  });
  return fc.record({ text: base, edits: fc.array(edit, { maxLength: 4 }) })
    .map(({ text, edits }) => {
      let out = text;
      for (const { at, op, char } of edits) {
        const i = at % Math.max(1, out.length);
        if (op === "insert") out = out.slice(0, i) + char + out.slice(i);
        else if (op === "delete") out = out.slice(0, i) + out.slice(i + 1);
        else out = out.slice(0, i) + char + out.slice(i + 1);
      }
      return { kind: "mutated", data: out };
    });
}

/** Binary frames: small, empty, and around the limit. */
function binary(): fc.Arbitrary<FuzzFrame> {
  return fc.oneof(
    fc.uint8Array({ maxLength: 64 }),
    fc.integer({ min: FRAME_LIMIT - 2, max: FRAME_LIMIT + 2 }).map((n) =>
      new Uint8Array(n)
    ),
    fc.constant(new TextEncoder().encode('{"type":"ping"}')),
  ).map((data) => ({ kind: "binary", data }));
}

/** Every kind of client frame, weighted towards near-valid ones. */
export function frameArbitrary(ctx: FuzzContext): fc.Arbitrary<FuzzFrame> {
  return fc.oneof(
    { arbitrary: subscribe(ctx), weight: 30 },
    { arbitrary: ping(), weight: 15 },
    { arbitrary: mutated(ctx), weight: 15 },
    {
      arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => ({
        kind: "json",
        data: JSON.stringify(v) ?? "null",
      })),
      weight: 10,
    },
    {
      arbitrary: fc.string({ unit: "binary", maxLength: 200 }).map((s) => ({
        kind: "text",
        data: s,
      })),
      weight: 5,
    },
    { arbitrary: rawNumbers(ctx), weight: 5 },
    { arbitrary: deep(), weight: 3 },
    { arbitrary: nearLimit(ctx), weight: 3 },
    { arbitrary: binary(), weight: 4 },
  );
}
