/// <reference lib="dom" />
/**
 * End-to-end test of the wallboard page (`web/index.html`) in headless
 * Chromium, against a tiny in-test server that serves the page and speaks the
 * `/ws` protocol of PROTOCOL.md §2 by hand. Skipped when Chromium is missing.
 *
 * @module
 */

import assert from "node:assert/strict";
import { setTimeout as delay } from "node:timers/promises";
import type * as pw from "playwright-core";
import type { AgentState, QueueState, Totals } from "../../src/snapshot/mod.ts";

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/** The page's CSP as the HTTP room sends it (src/http/_page.ts). */
const CSP = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self' 'unsafe-inline'",
  "frame-ancestors 'none'",
].join("; ");
const HAS_CHROMIUM = chromiumPresent();
const T0 = "2026-11-27T10:05:00.000Z";

function chromiumPresent(): boolean {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    console.warn(
      `Skipping the wallboard browser test: ${CHROMIUM} is missing (apt-get install -y chromium)`,
    );
    return false;
  }
}

/**
 * Loads playwright-core. Its bundled is-wsl probe reads a file under
 * /proc/sys at import time, which Deno allows only with --allow-all; with
 * `__IS_WSL_TEST__` set the probe is deferred to a function that nothing on
 * this test's path calls, so the test also runs with `deno task test` flags.
 */
async function loadPlaywright(): Promise<typeof pw> {
  const preset = Deno.env.get("__IS_WSL_TEST__");
  if (preset === undefined) Deno.env.set("__IS_WSL_TEST__", "1");
  try {
    return await import("playwright-core");
  } finally {
    if (preset === undefined) Deno.env.delete("__IS_WSL_TEST__");
  }
}

type Msg = Record<string, unknown>;

/** A FIFO that hands items to awaiting readers, with a safety deadline. */
class Channel<T> {
  #items: T[] = [];
  #waiters: ((item: T) => void)[] = [];

  push(item: T): void {
    const waiter = this.#waiters.shift();
    if (waiter) waiter(item);
    else this.#items.push(item);
  }

  next(what: string, ms = 10_000): Promise<T> {
    if (this.#items.length) return Promise.resolve(this.#items.shift()!);
    return new Promise((resolve, reject) => {
      const waiter = (item: T) => {
        clearTimeout(timer);
        resolve(item);
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new Error(`Cannot receive ${what}: nothing after ${ms} ms`));
      }, ms);
      this.#waiters.push(waiter);
    });
  }
}

/** One page connection as the test server sees it. */
interface Peer {
  /** The next client message other than `ping`. */
  next(what: string): Promise<Msg>;
  send(frame: Msg | string): void;
  close(code: number, reason: string): void;
  /** Resolves with the close code once the socket closed. */
  closed: Promise<number>;
}

function startServer(html: string) {
  const peers = new Channel<Peer>();
  const hello = {
    type: "hello",
    protocol: 1,
    epoch: "ep-1",
    version: 1,
    stale: false,
    source: "simulator",
    authRequired: false,
  };
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req) => {
      const path = new URL(req.url).pathname;
      if (path === "/") {
        return new Response(html, {
          headers: {
            "content-type": "text/html; charset=utf-8",
            "content-security-policy": CSP,
          },
        });
      }
      if (path !== "/ws") return new Response("Not found", { status: 404 });
      const { socket, response } = Deno.upgradeWebSocket(req);
      const inbox = new Channel<Msg>();
      const closed = Promise.withResolvers<number>();
      socket.onopen = () => socket.send(JSON.stringify(hello));
      socket.onmessage = (ev) => {
        const msg = JSON.parse(ev.data) as Msg;
        if (msg.type === "ping") socket.send('{"type":"pong"}');
        else inbox.push(msg);
      };
      socket.onclose = (ev) => closed.resolve(ev.code);
      peers.push({
        next: (what) => inbox.next(what),
        send: (f) => socket.send(typeof f === "string" ? f : JSON.stringify(f)),
        close: (code, reason) => socket.close(code, reason),
        closed: closed.promise,
      });
      return response;
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}/`,
    hello,
    nextPeer: (what: string) => peers.next(what),
    close: () => server.shutdown(),
  };
}

type Server = ReturnType<typeof startServer>;

function queue(
  id: string,
  name: string,
  patch: Partial<QueueState>,
  today: Partial<QueueState["today"]>,
  agents: Partial<QueueState["agents"]>,
): QueueState {
  return {
    id,
    name,
    divisionId: "d-1",
    waiting: 0,
    interacting: 0,
    alerting: 0,
    oldestWaitingSince: null,
    oldestInteractingSince: null,
    byMedia: {},
    agents: {
      members: 0,
      active: 0,
      onQueue: 0,
      offQueue: 0,
      idle: 0,
      interacting: 0,
      communicating: 0,
      notResponding: 0,
      ...agents,
    },
    today: {
      interval: "2026-11-27T00:00:00.000Z/2026-11-27T10:05:00.000Z",
      offered: 0,
      answered: 0,
      abandoned: 0,
      flowOut: 0,
      serviceLevel: null,
      serviceLevelTarget: null,
      abandonRate: null,
      ahtMs: null,
      asaMs: null,
      ...today,
    },
    alerts: [],
    ...patch,
  };
}

function agent(
  id: string,
  name: string,
  routingStatus: AgentState["routingStatus"],
  since: string | null,
  presence: string,
  queueIds: string[],
): AgentState {
  return {
    id,
    name,
    routingStatus,
    routingStatusSince: since,
    presence,
    presenceSince: null,
    queueIds,
  };
}

function totals(t: Omit<Totals, "alerting"> & { alerting?: number }): Totals {
  return { alerting: 0, ...t };
}

const SUPPORT_V1 = queue("q-1", "Support", {
  waiting: 3,
  interacting: 7,
  alerting: 1,
  oldestWaitingSince: "2026-11-27T10:00:00.000Z",
}, {
  offered: 120,
  answered: 104,
  abandoned: 12,
  flowOut: 4,
  serviceLevel: 0.83,
  serviceLevelTarget: 0.8,
  abandonRate: 0.1,
  ahtMs: 312_000,
  asaMs: 21_000,
}, { members: 14, active: 12, onQueue: 10, idle: 3, notResponding: 1 });

const BILLING_V1 = queue("q-2", "Billing", {
  interacting: 2,
  alerts: [{
    rule: "sl-below-target",
    severity: "warning",
    metric: "serviceLevel",
    value: 0.7,
    threshold: 0.8,
  }],
}, {
  offered: 40,
  answered: 38,
  abandoned: 1,
  serviceLevel: 0.7,
  serviceLevelTarget: 0.8,
  abandonRate: 0.025,
  ahtMs: 245_500,
}, { members: 5, active: 4, onQueue: 4, idle: 2 });

const SUPPORT_V2 = queue("q-1", "Support", {
  waiting: 12,
  interacting: 8,
  oldestWaitingSince: "2026-11-27T09:58:30.000Z",
  alerts: [
    {
      rule: "waiting-critical",
      severity: "critical",
      metric: "waiting",
      value: 12,
      threshold: 10,
    },
    {
      rule: "sl-below-target",
      severity: "warning",
      metric: "serviceLevel",
      value: 0.78,
      threshold: 0.8,
    },
  ],
}, {
  offered: 125,
  answered: 106,
  abandoned: 13,
  serviceLevel: 0.78,
  serviceLevelTarget: 0.8,
  abandonRate: 0.104,
  ahtMs: 310_000,
  asaMs: 24_400,
}, { members: 14, active: 12, onQueue: 10, idle: 0, notResponding: 2 });

const AGENTS_V1: Record<string, AgentState> = {
  "u-1": agent(
    "u-1",
    "Ana Agent",
    "INTERACTING",
    "2026-11-27T10:02:11.000Z",
    "ON_QUEUE",
    ["q-1", "q-2"],
  ),
  "u-2": agent(
    "u-2",
    "Bo Berg",
    "NOT_RESPONDING",
    "2026-11-27T10:04:30.000Z",
    "ON_QUEUE",
    ["q-1"],
  ),
  "u-3": agent(
    "u-3",
    "Cy Chen",
    "IDLE",
    "2026-11-27T09:50:00.000Z",
    "ON_QUEUE",
    ["q-2"],
  ),
  "u-4": agent("u-4", "Di Diaz", "OFF_QUEUE", null, "BREAK", ["q-2"]),
};

const SNAPSHOT_V1 = {
  type: "snapshot",
  epoch: "ep-1",
  version: 1,
  fetchedAt: "2026-11-27T10:04:58.000Z",
  committedAt: "2026-11-27T10:04:59.000Z",
  stale: false,
  source: "simulator",
  resumed: false,
  queues: { "q-1": SUPPORT_V1, "q-2": BILLING_V1 },
  agents: AGENTS_V1,
  totals: totals({
    waiting: 3,
    interacting: 9,
    alerting: 1,
    oldestWaitingSince: "2026-11-27T10:00:00.000Z",
    agentsOnQueue: 14,
    agentsIdle: 5,
    agentsInteracting: 6,
    agentsNotResponding: 1,
    offered: 160,
    answered: 142,
    abandoned: 13,
    serviceLevel: 0.79,
    abandonRate: 0.08125,
    ahtMs: 295_000,
    asaMs: 18_000,
    occupancy: 0.5,
  }),
};

const DELTA_V2 = {
  type: "delta",
  epoch: "ep-1",
  version: 2,
  prev: 1,
  fetchedAt: "2026-11-27T10:04:59.000Z",
  committedAt: "2026-11-27T10:05:00.000Z",
  stale: false,
  queues: { "q-1": SUPPORT_V2, "q-2": null },
  agents: {
    "u-1": { ...AGENTS_V1["u-1"], queueIds: ["q-1"] },
    "u-3": null,
    "u-4": null,
  },
  totals: totals({
    waiting: 12,
    interacting: 8,
    oldestWaitingSince: "2026-11-27T09:58:30.000Z",
    agentsOnQueue: 10,
    agentsIdle: 0,
    agentsInteracting: 5,
    agentsNotResponding: 2,
    offered: 125,
    answered: 106,
    abandoned: 13,
    serviceLevel: 0.78,
    abandonRate: 0.104,
    ahtMs: 310_000,
    asaMs: 24_400,
    occupancy: 0.6,
  }),
};

/** Reads what the page shows, in the page. */
const READ_VIEW = `(() => {
  const text = (el) => el ? el.textContent.trim().replace(/\\s+/g, " ") : null;
  const fields = (el) => {
    const out = {};
    for (const f of el.querySelectorAll("[data-field]")) out[f.dataset.field] = text(f);
    return out;
  };
  const tiles = [...document.querySelectorAll('[data-testid^="queue-"]')].map((el) => ({
    testid: el.dataset.testid,
    severity: el.dataset.severity,
    alerts: [...el.querySelectorAll(".alerts li")].map(text),
    ...fields(el),
  }));
  const agents = [...document.querySelectorAll('[data-testid^="agent-"]')].map((el) => ({
    testid: el.dataset.testid,
    ...fields(el),
  }));
  const totals = {};
  for (const el of document.querySelectorAll('[data-testid^="total-"]')) {
    totals[el.dataset.testid.slice(6)] = text(el);
  }
  const banner = document.querySelector('[data-testid="stale-banner"]');
  const notice = document.querySelector('[data-testid="notice"]');
  return {
    tiles, agents, totals,
    stale: banner.hidden ? null : text(banner),
    notice: notice.hidden ? null : text(notice),
    age: text(document.querySelector('[data-testid="data-age"]')),
    connection: document.querySelector('[data-testid="connection"]').dataset.state,
    version: window.__qp.version,
    connected: window.__qp.connected,
  };
})()`;

interface ViewRead {
  tiles: Record<string, unknown>[];
  agents: Record<string, string>[];
  totals: Record<string, string>;
  stale: string | null;
  notice: string | null;
  age: string;
  connection: string;
  version: number | null;
  connected: boolean;
}

function readView(page: pw.Page): Promise<ViewRead> {
  return page.evaluate(READ_VIEW) as Promise<ViewRead>;
}

/**
 * Waits until `expression` is truthy in the page. Polls through `evaluate`
 * (which the page's CSP allows) rather than `waitForFunction` (which needs
 * 'unsafe-eval').
 */
async function until(page: pw.Page, expression: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await page.evaluate(expression)) return;
    await delay(20);
  }
  throw new Error(`Cannot reach page condition: ${expression}`);
}

async function openPage(
  browser: pw.Browser,
  server: Server,
  hash: string,
): Promise<{ context: pw.BrowserContext; page: pw.Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1920, height: 1080 },
    timezoneId: "UTC",
    locale: "en-GB",
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  await page.clock.setFixedTime(T0);
  await page.goto(server.url + hash);
  return { context, page, errors };
}

Deno.test({
  name: "wallboard page renders the /ws protocol in Chromium",
  ignore: !HAS_CHROMIUM,
  async fn(t) {
    const html = await Deno.readTextFile(
      new URL("../../web/index.html", import.meta.url),
    );
    const server = startServer(html);
    const { chromium } = await loadPlaywright();
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    try {
      await t.step("snapshot, delta, stale status and reconnect", async () => {
        const { context, page, errors } = await openPage(
          browser,
          server,
          "#agents=1",
        );
        const peer = await server.nextPeer("the page's connection");
        assert.deepEqual(await peer.next("subscribe"), {
          type: "subscribe",
          agents: true,
        });

        peer.send(SNAPSHOT_V1);
        await until(page, "window.__qp.version === 1");
        let view = await readView(page);
        assert.equal(view.connected, true);
        assert.equal(view.connection, "live");
        assert.equal(view.age, "Data age 1 s");
        assert.equal(view.stale, null);
        assert.deepEqual(view.totals, {
          "waiting": "3",
          "oldest-wait": "05:00",
          "agents-on-queue": "14",
          "agents-idle": "5",
          "agents-interacting": "6",
          "agents-not-responding": "1",
          "service-level": "79%",
          "abandon-rate": "8%",
          "aht": "4:55",
          "asa": "0:18",
          "occupancy": "50%",
          "offered": "160",
          "answered": "142",
          "abandoned": "13",
        });
        assert.deepEqual(view.tiles, [
          {
            testid: "queue-q-2",
            severity: "warning",
            alerts: ["sl-below-target"],
            "name": "Billing",
            "waiting": "0",
            "oldest-wait": "—",
            "interacting": "2",
            "alerting": "0",
            "service-level": "70%",
            "service-level-target": "80%",
            "agents-idle": "2",
            "agents-on-queue": "4",
            "agents-not-responding": "0",
            "abandon-rate": "3%",
            "aht": "4:06",
            "asa": "—",
            "offered": "40",
            "answered": "38",
            "abandoned": "1",
          },
          {
            testid: "queue-q-1",
            severity: "none",
            alerts: [],
            "name": "Support",
            "waiting": "3",
            "oldest-wait": "05:00",
            "interacting": "7",
            "alerting": "1",
            "service-level": "83%",
            "service-level-target": "80%",
            "agents-idle": "3",
            "agents-on-queue": "10",
            "agents-not-responding": "1",
            "abandon-rate": "10%",
            "aht": "5:12",
            "asa": "0:21",
            "offered": "120",
            "answered": "104",
            "abandoned": "12",
          },
        ]);
        assert.deepEqual(view.agents, [
          agentRow(
            "u-2",
            "Bo Berg",
            "Not responding",
            "00:30",
            "On queue",
            "Support",
          ),
          agentRow("u-3", "Cy Chen", "Idle", "15:00", "On queue", "Billing"),
          agentRow(
            "u-1",
            "Ana Agent",
            "Interacting",
            "02:49",
            "On queue",
            "Support, Billing",
          ),
          agentRow("u-4", "Di Diaz", "Off queue", "—", "Break", "Billing"),
        ]);
        await page.screenshot({ path: "/tmp/wallboard_snapshot.png" });

        peer.send(DELTA_V2);
        await until(page, "window.__qp.version === 2");
        view = await readView(page);
        assert.equal(view.age, "Data age 0 s");
        assert.deepEqual(view.tiles, [{
          testid: "queue-q-1",
          severity: "critical",
          alerts: ["waiting-critical", "sl-below-target"],
          "name": "Support",
          "waiting": "12",
          "oldest-wait": "06:30",
          "interacting": "8",
          "alerting": "0",
          "service-level": "78%",
          "service-level-target": "80%",
          "agents-idle": "0",
          "agents-on-queue": "10",
          "agents-not-responding": "2",
          "abandon-rate": "10%",
          "aht": "5:10",
          "asa": "0:24",
          "offered": "125",
          "answered": "106",
          "abandoned": "13",
        }]);
        assert.equal(await page.$('[data-testid="queue-q-2"]'), null);
        assert.deepEqual(view.agents, [
          agentRow(
            "u-2",
            "Bo Berg",
            "Not responding",
            "00:30",
            "On queue",
            "Support",
          ),
          agentRow(
            "u-1",
            "Ana Agent",
            "Interacting",
            "02:49",
            "On queue",
            "Support",
          ),
        ]);
        assert.deepEqual(
          [view.totals["waiting"], view.totals["oldest-wait"]],
          ["12", "06:30"],
        );
        assert.deepEqual(
          [view.totals["agents-not-responding"], view.totals["occupancy"]],
          ["2", "60%"],
        );

        peer.send({
          type: "status",
          stale: true,
          fetchedAt: "2026-11-27T10:04:59.000Z",
          reason: "no successful poll for 12 s",
        });
        await until(
          page,
          `!document.querySelector('[data-testid="stale-banner"]').hidden`,
        );
        view = await readView(page);
        assert.equal(
          view.stale,
          "STALE DATA · last update 10:04:59 · no successful poll for 12 s",
        );
        assert.equal(view.version, 2);

        // The one 1-s timer moves every clock on.
        await page.clock.setFixedTime("2026-11-27T10:05:02.000Z");
        await until(
          page,
          `document.querySelector('[data-testid="total-oldest-wait"]').textContent === "06:32"`,
        );
        view = await readView(page);
        assert.equal(view.tiles[0]["oldest-wait"], "06:32");
        assert.equal(view.agents[0]["time-in-status"], "00:32");
        assert.equal(view.age, "Data age 2 s");
        await page.screenshot({ path: "/tmp/wallboard.png" });

        // Garbage is ignored and loses nothing; an empty delta moves on.
        const before = await readView(page);
        peer.send("{not json");
        peer.send({ type: "delta", epoch: "ep-1", version: 3, prev: 2 });
        await until(page, "window.__qp.version === 3");
        view = await readView(page);
        assert.deepEqual({ ...view, version: 2 }, before);

        // A server restart: the page resumes from what it holds.
        peer.close(1001, "server shutting down");
        assert.equal(await peer.closed, 1001);
        const again = await server.nextPeer("the reconnection");
        assert.deepEqual(await again.next("resuming subscribe"), {
          type: "subscribe",
          agents: true,
          since: { epoch: "ep-1", version: 3 },
        });
        again.send({
          ...DELTA_V2,
          version: 4,
          prev: 3,
          resumed: true,
          queues: { "q-1": { ...SUPPORT_V2, waiting: 4 } },
          agents: {},
        });
        await until(page, "window.__qp.version === 4");
        view = await readView(page);
        assert.equal(view.tiles[0]["waiting"], "4");

        // A gap in the chain (prev is not the version held): full resync.
        again.send({ ...DELTA_V2, version: 9, prev: 7 });
        assert.equal(await again.closed, 4000);
        const third = await server.nextPeer("the resync connection");
        assert.deepEqual(await third.next("fresh subscribe"), {
          type: "subscribe",
          agents: true,
        });
        third.send({ ...SNAPSHOT_V1, version: 9 });
        await until(page, "window.__qp.version === 9");
        view = await readView(page);
        assert.deepEqual(view.tiles.map((x) => x.testid), [
          "queue-q-2",
          "queue-q-1",
        ]);
        assert.deepEqual(errors, []);
        await context.close();
      });

      await t.step("token transport, expiry (4001) and 1008", async () => {
        server.hello.authRequired = true;
        const { context, page, errors } = await openPage(
          browser,
          server,
          "#token=tok.one.sig&queues=q-1",
        );
        const peer = await server.nextPeer("the page's connection");
        assert.deepEqual(await peer.next("subscribe"), {
          type: "subscribe",
          token: "tok.one.sig",
          queues: ["q-1"],
        });
        peer.send({
          ...SNAPSHOT_V1,
          queues: { "q-1": SUPPORT_V1 },
          agents: undefined,
        });
        await until(page, "window.__qp.version === 1");
        assert.equal(
          await page.$('[data-testid="agents"]:not([hidden])'),
          null,
        );

        peer.close(4001, "token expired");
        await until(page, "window.__qp.closeCode === 4001");
        let view = await readView(page);
        assert.equal(
          view.notice,
          "Token expired: open this screen with a fresh #token=… (retrying every minute)",
        );
        assert.equal(view.connection, "blocked");
        assert.equal(view.tiles.length, 1);

        // A new fragment reconnects at once with the new token.
        await page.evaluate(`location.hash = "#token=tok.two.sig&queues=q-1"`);
        const next = await server.nextPeer("the reconnection");
        assert.deepEqual(await next.next("subscribe"), {
          type: "subscribe",
          token: "tok.two.sig",
          queues: ["q-1"],
          since: { epoch: "ep-1", version: 1 },
        });
        next.close(1008, "unauthorized");
        await until(page, "window.__qp.closeCode === 1008");
        view = await readView(page);
        assert.equal(
          view.notice,
          "Not authorised: this screen's token was refused (retrying every minute)",
        );
        assert.deepEqual(errors, []);
        await context.close();
        server.hello.authRequired = false;
      });
    } finally {
      await browser.close();
      await server.close();
    }
  },
});

function agentRow(
  id: string,
  name: string,
  status: string,
  inStatus: string,
  presence: string,
  queues: string,
): Record<string, string> {
  return {
    testid: `agent-${id}`,
    name,
    status,
    "time-in-status": inStatus,
    presence,
    queues,
  };
}
