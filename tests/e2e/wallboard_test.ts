/// <reference lib="dom" />
/**
 * The wallboard page in headless Chromium against the real HTTP app (page,
 * CSP, static files, boards) whose `/ws` is spoken by hand here, so every
 * frame the page sends and receives is exact. Skipped without Chromium.
 *
 * @module
 */

import assert from "node:assert/strict";
import type * as pw from "playwright-core";
import { type Board, parseBoards } from "../../src/boards/mod.ts";
import type { QueueState } from "../../src/snapshot/mod.ts";
import { testApp } from "../http/_fixtures.ts";
import {
  chromiumPresent,
  launch,
  openPage,
  screenshot,
  tileLayout,
  until,
} from "./_browser.ts";
import { startPeers } from "./_ws_peers.ts";
import {
  agent,
  AGENTS_V1,
  BILLING_V1,
  DELTA_V2,
  queue,
  SNAPSHOT_V1,
  SUPPORT_V1,
  SUPPORT_V2,
} from "./_wallboard_frames.ts";
import { READ_VIEW, type ViewRead } from "./_wallboard_read.ts";

const HAS_CHROMIUM = chromiumPresent();
const T0 = "2026-11-27T10:05:00.000Z";
const AT = (s: number) => Date.parse(T0) + s * 1000;

const BOARDS = parseBoards({
  boards: [
    {
      id: "care",
      title: "Care floor",
      queues: ["Support", "Billing"],
      agents: true,
      sound: true,
      rotate: ["sales"],
      rotateSeconds: 5,
    },
    {
      id: "sales",
      title: "Sales floor",
      queues: ["Sales*"],
      trend: false,
      metrics: ["offered", "abandoned"],
    },
  ],
});

const TREND = {
  "q-1|2026-11-27T09:30:00.000Z": interval("q-1", "09:30", 14, 2, 0.79),
  "q-1|2026-11-27T10:00:00.000Z": interval("q-1", "10:00", 6, 0, 0.9),
  "q-2|2026-11-27T10:00:00.000Z": interval("q-2", "10:00", 5, 1, 0.6),
};

/** What the server sends beside TREND: totals per interval as ratios of sums. */
const TREND_TOTALS = {
  "2026-11-27T09:30:00.000Z": total("09:30", 14, 2, 0.79),
  "2026-11-27T10:00:00.000Z": total("10:00", 11, 1, 0.8),
};

function total(
  hhmm: string,
  offered: number,
  abandoned: number,
  serviceLevel: number,
) {
  const { queueId: _, ...rest } = interval(
    "",
    hhmm,
    offered,
    abandoned,
    serviceLevel,
  );
  return rest;
}

function interval(
  queueId: string,
  hhmm: string,
  offered: number,
  abandoned: number,
  serviceLevel: number,
) {
  return {
    queueId,
    start: `2026-11-27T${hhmm}:00.000Z`,
    offered,
    answered: offered - abandoned,
    abandoned,
    serviceLevel,
    abandonRate: abandoned / offered,
    asaMs: 20_000,
    ahtMs: 300_000,
  };
}

/** The real app (auth off) with `/ws` answered by hand. */
function startServer(html: string, boards: Board[]) {
  const { app } = testApp({
    page: html,
    boards,
    authConfig: {
      enabled: false,
      jwtSecret: null,
      jwksUrl: null,
      issuer: null,
      audience: null,
    },
  });
  return startPeers((req) => app.fetch(req));
}

function readView(page: pw.Page): Promise<ViewRead> {
  return page.evaluate(READ_VIEW) as Promise<ViewRead>;
}

Deno.test({
  name: "wallboard page speaks the /ws protocol in Chromium",
  ignore: !HAS_CHROMIUM,
  async fn(t) {
    const html = await Deno.readTextFile(
      new URL("../../web/index.html", import.meta.url),
    );
    const server = startServer(html, BOARDS);
    const browser = await launch();
    try {
      await t.step(
        "snapshot, delta, trend, stale, resume and resync",
        async () => {
          const { context, page, problems } = await openPage(
            browser,
            `${server.url}/#agents=1`,
            T0,
          );
          const peer = await server.nextPeer("the page's connection");
          assert.deepEqual(await peer.next("subscribe"), {
            type: "subscribe",
            agents: true,
            trend: true,
          });
          peer.send({
            ...SNAPSHOT_V1,
            agents: {
              ...AGENTS_V1,
              "u-5": agent(
                "u-5",
                "Ed Offline",
                "OFF_QUEUE",
                "2026-11-26T02:00:00.000Z",
                "OFFLINE",
                ["q-1"],
              ),
            },
            trend: TREND,
            trendTotals: TREND_TOTALS,
          });
          await until(page, "window.__qp.version === 1");
          let view = await readView(page);
          assert.deepEqual(
            [view.connected, view.connection, view.age, view.stale, view.title],
            [true, "live", "Data age 1 s", null, "All queues"],
          );
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
              alerts: ["Warning: sl-below-target"],
              charts: [
                "Billing: service level per 30 minutes against a target of 80%, latest 60%; latest interval offered 5, abandoned 1",
              ],
              "name": "Billing",
              "waiting": "0",
              "oldest-wait": "—",
              "service-level": "70%",
              "service-level-target": "80%",
              "interacting": "2",
              "agents-on-queue": "4",
              "agents-idle": "2",
              "agents-not-responding": "0",
              "offered": "40",
              "abandoned": "1",
              "abandon-rate": "3%",
              "asa": "—",
            },
            {
              testid: "queue-q-1",
              severity: "none",
              alerts: [],
              charts: [
                "Support: service level per 30 minutes against a target of 80%, latest 90%; latest interval offered 6, abandoned 0",
              ],
              "name": "Support",
              "waiting": "3",
              "oldest-wait": "05:00",
              "service-level": "83%",
              "service-level-target": "80%",
              "interacting": "7",
              "agents-on-queue": "10",
              "agents-idle": "3",
              "agents-not-responding": "1",
              "offered": "120",
              "abandoned": "12",
              "abandon-rate": "10%",
              "asa": "0:21",
            },
          ]);
          assert.equal(
            view.dayCurve,
            "All queues of this board: service level per 30 minutes, latest 80%; latest interval offered 11, abandoned 1",
          );
          assert.deepEqual(view.agents, [
            row(
              "u-2",
              "Bo Berg",
              "Not responding",
              "00:30",
              "On queue",
              "Support",
            ),
            row("u-3", "Cy Chen", "Idle", "15:00", "On queue", "Billing"),
            row(
              "u-1",
              "Ana Agent",
              "Interacting",
              "02:49",
              "On queue",
              "Support, Billing",
            ),
            row("u-4", "Di Diaz", "Off queue", "—", "Break", "Billing"),
            row("u-5", "Ed Offline", "Offline", "—", "Offline", "Support"),
          ]);

          // The agent board's buttons: longest in status first, then only
          // the agents not responding.
          await page.click('[data-testid="agents-sort"]');
          view = await readView(page);
          assert.deepEqual(view.agents.map((a) => a.testid), [
            "agent-u-3",
            "agent-u-1",
            "agent-u-2",
            "agent-u-4",
            "agent-u-5",
          ]);
          await page.click('[data-testid="agents-filter"]');
          view = await readView(page);
          assert.deepEqual(view.agents.map((a) => a.testid), ["agent-u-2"]);
          assert.equal(view.agentsCount, "(1 of 5)");
          await page.click('[data-testid="agents-filter"]');
          await page.click('[data-testid="agents-sort"]');

          peer.send({
            ...DELTA_V2,
            trend: { "q-2|2026-11-27T10:00:00.000Z": null },
            trendTotals: {
              "2026-11-27T10:00:00.000Z": total("10:00", 6, 0, 0.9),
            },
          });
          await until(page, "window.__qp.version === 2");
          view = await readView(page);
          assert.equal(
            view.dayCurve,
            "All queues of this board: service level per 30 minutes, latest 90%; latest interval offered 6, abandoned 0",
          );
          assert.equal(view.age, "Data age 0 s");
          assert.deepEqual(
            view.tiles.map((x) => [x.testid, x.severity, x.alerts]),
            [
              ["queue-q-1", "critical", [
                "Critical: waiting-critical",
                "Warning: sl-below-target",
              ]],
            ],
          );
          assert.deepEqual(
            [view.tiles[0]["waiting"], view.tiles[0]["oldest-wait"]],
            ["12", "06:30"],
          );
          assert.deepEqual(view.agents.map((a) => a.testid), [
            "agent-u-2",
            "agent-u-1",
            "agent-u-5",
          ]);
          assert.equal(view.agents[1]["queues"], "Support");

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
            "⚠ STALE DATA · last update 10:04:59 · no successful poll for 12 s",
          );

          // The one 1-s timer moves every clock on.
          await page.clock.setFixedTime(AT(2));
          await until(
            page,
            `document.querySelector('[data-testid="total-oldest-wait"]').textContent === "06:32"`,
          );
          view = await readView(page);
          assert.equal(view.tiles[0]["oldest-wait"], "06:32");
          assert.equal(view.agents[0]["time-in-status"], "00:32");
          assert.equal(view.age, "Data age 2 s");

          // Garbage is ignored and loses nothing; an empty delta moves on.
          const before = await readView(page);
          peer.send("{not json");
          peer.send({ type: "delta", epoch: "ep-1", version: 3, prev: 2 });
          await until(page, "window.__qp.version === 3");
          assert.deepEqual({ ...await readView(page), version: 2 }, before);

          // A server restart: the page resumes from what it holds.
          peer.close(1001, "server shutting down");
          assert.equal(await peer.closed, 1001);
          const again = await server.nextPeer("the reconnection");
          assert.deepEqual(await again.next("resuming subscribe"), {
            type: "subscribe",
            agents: true,
            trend: true,
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
          assert.equal((await readView(page)).tiles[0]["waiting"], "4");

          // A gap in the chain (prev is not the version held): full resync.
          again.send({ ...DELTA_V2, version: 9, prev: 7 });
          assert.equal(await again.closed, 4000);
          const third = await server.nextPeer("the resync connection");
          assert.deepEqual(await third.next("fresh subscribe"), {
            type: "subscribe",
            agents: true,
            trend: true,
          });
          third.send({ ...SNAPSHOT_V1, version: 9 });
          await until(page, "window.__qp.version === 9");
          view = await readView(page);
          assert.deepEqual(view.tiles.map((x) => [x.testid, x.charts]), [
            ["queue-q-2", []],
            ["queue-q-1", []],
          ]);
          assert.equal(view.dayCurve, null);
          assert.deepEqual(problems, []);
          await context.close();
        },
      );

      await t.step("token transport, expiry (4001) and 1008", async () => {
        server.hello.authRequired = true;
        const { context, page, problems } = await openPage(
          browser,
          `${server.url}/#token=tok.one.sig&queues=q-1&trend=0`,
          T0,
        );
        const peer = await server.nextPeer("the page's connection");
        assert.deepEqual(await peer.next("subscribe"), {
          type: "subscribe",
          token: "tok.one.sig",
          queues: ["q-1"],
        });
        // A trend it did not ask for (a server that sends it anyway) is
        // not drawn: no sparkline, no day curve.
        peer.send({
          ...SNAPSHOT_V1,
          queues: { "q-1": SUPPORT_V1 },
          agents: undefined,
          trend: TREND,
          trendTotals: TREND_TOTALS,
        });
        await until(page, "window.__qp.version === 1");
        assert.equal(
          await page.$('[data-testid="agents"]:not([hidden])'),
          null,
        );
        const plain = await readView(page);
        assert.deepEqual(
          [plain.tiles.map((x) => [x.testid, x.charts]), plain.dayCurve],
          [[["queue-q-1", []]], null],
        );
        assert.equal(await page.$(".spark, .curve:not([hidden])"), null);

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
        await page.evaluate(
          `location.hash = "#token=tok.two.sig&queues=q-1&trend=0"`,
        );
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
        assert.deepEqual(problems, []);
        await context.close();
        server.hello.authRequired = false;
      });

      await t.step(
        "a board: its title, its queues, sound, rotation",
        async () => {
          const { context, page, problems } = await openPage(
            browser,
            `${server.url}/boards/care`,
            T0,
          );
          const peer = await server.nextPeer("the board's connection");
          assert.deepEqual(await peer.next("subscribe"), {
            type: "subscribe",
            queues: ["q-2", "q-1"],
            agents: true,
            trend: true,
          });
          peer.send({
            ...SNAPSHOT_V1,
            trend: TREND,
            trendTotals: TREND_TOTALS,
          });
          await until(page, "window.__qp.version === 1");
          let view = await readView(page);
          assert.deepEqual([view.title, view.board, view.documentTitle], [
            "Care floor",
            "care",
            "Care floor · queuepulse",
          ]);
          assert.deepEqual(view.sound, [
            "unarmed",
            "Click or press a key to arm sound",
          ]);
          await screenshot(page, "board_trend_1920x1080");

          // The first click arms the sound; a critical alert raised then
          // plays one tone.
          await page.mouse.click(5, 5);
          await until(
            page,
            `document.querySelector('[data-testid="sound"]').dataset.state === "armed"`,
          );
          assert.deepEqual((await readView(page)).sound, [
            "armed",
            "Sound armed",
          ]);
          peer.send({ ...DELTA_V2, queues: { "q-1": SUPPORT_V2 } });
          await until(page, "window.__qp.version === 2");
          assert.equal(await page.evaluate("window.__qp.tones"), 1);
          peer.send({
            ...DELTA_V2,
            version: 3,
            prev: 2,
            queues: { "q-1": SUPPORT_V2 },
          });
          await until(page, "window.__qp.version === 3");
          assert.equal(await page.evaluate("window.__qp.tones"), 1);

          // Five seconds on, the screen rotates to the sales board.
          await page.clock.setFixedTime(AT(5));
          assert.deepEqual(await peer.next("the rotation's subscribe"), {
            type: "subscribe",
            queues: ["q-3"],
          });
          const sales = queue(
            "q-3",
            "Sales",
            {},
            { offered: 30, abandoned: 2 },
            {},
          );
          peer.send({
            ...SNAPSHOT_V1,
            version: 4,
            queues: { "q-3": sales },
            agents: undefined,
          });
          await until(page, "window.__qp.version === 4");
          view = await readView(page);
          assert.deepEqual([view.title, view.board, view.sound[0]], [
            "Sales floor",
            "sales",
            "off",
          ]);
          assert.deepEqual(
            view.tiles.map((
              x,
            ) => [x.testid, x.offered, x.abandoned, x.interacting]),
            [
              ["queue-q-3", "30", "2", undefined],
            ],
          );
          assert.equal(
            await page.$('[data-testid="agents"]:not([hidden])'),
            null,
          );

          // And back to its own board five seconds later.
          await page.clock.setFixedTime(AT(10));
          assert.deepEqual(await peer.next("the rotation back"), {
            type: "subscribe",
            queues: ["q-2", "q-1"],
            agents: true,
            trend: true,
          });
          assert.deepEqual(problems, []);
          await context.close();
        },
      );

      await t.step(
        "24 queues fit a 1080p screen, a phone gets one column",
        async () => {
          const { context, page, problems } = await openPage(
            browser,
            `${server.url}/`,
            T0,
          );
          const peer = await server.nextPeer("the dense board");
          await peer.next("subscribe");
          const queues: Record<string, QueueState> = {};
          const trend: Record<string, ReturnType<typeof interval>> = {};
          for (let i = 1; i <= 24; i++) {
            const id = `q-${i}`;
            for (const hhmm of ["09:00", "09:30", "10:00"]) {
              trend[`${id}|2026-11-27T${hhmm}:00.000Z`] = interval(
                id,
                hhmm,
                4 + i % 5,
                i % 2,
                0.8,
              );
            }
            queues[id] = i % 5 === 0
              ? {
                ...SUPPORT_V2,
                id,
                name: `Queue ${i}`,
                oldestWaitingSince: "2026-11-27T09:04:58.000Z",
              }
              : { ...BILLING_V1, id, name: `Queue ${i}` };
          }
          peer.send({
            ...SNAPSHOT_V1,
            queues,
            agents: undefined,
            trend,
            trendTotals: TREND_TOTALS,
          });
          await until(
            page,
            "document.querySelectorAll('[data-testid^=\"queue-\"]').length === 24",
          );
          const dense = await tileLayout(page);
          assert.deepEqual(
            [
              dense.tiles,
              dense.onScreen,
              dense.columns,
              dense.clipped,
              dense.overflowing,
              dense.sparks,
              dense.flatSparks,
            ],
            [24, 24, 6, 0, 0, 24, 0],
          );
          await screenshot(page, "dense_trend_1920x1080");
          assert.ok(
            dense.scrollHeight <= dense.innerHeight,
            `scrolls: ${dense.scrollHeight}`,
          );
          assert.ok(
            dense.smallestHero >= 40,
            `hero numbers of ${dense.smallestHero} px`,
          );
          await page.setViewportSize({ width: 390, height: 844 });
          await until(
            page,
            "document.body.classList.contains('layout-scroll')",
          );
          const phone = await tileLayout(page);
          assert.deepEqual(
            [
              phone.columns,
              phone.clipped,
              phone.overflowing,
              phone.sparks,
              phone.flatSparks,
            ],
            [1, 0, 0, 24, 0],
          );
          // The day curve spans the column below the totals, about 16:9 and
          // at most 200 px tall; no label of the screen is cut short.
          const boxes = await page.evaluate(`(() => {
            const box = (s) => document.querySelector(s).getBoundingClientRect();
            const cut = [...document.querySelectorAll("dt, .label, .qname")]
              .filter((el) => el.scrollWidth > el.clientWidth + 1 ||
                el.scrollHeight > el.clientHeight + 1)
              .map((el) => el.textContent);
            return { totals: box(".totals"), curve: box(".curve"),
              tile: box(".tile"), cut };
          })()`) as Record<"totals" | "curve" | "tile", DOMRect> & {
            cut: string[];
          };
          assert.equal(boxes.curve.width, boxes.totals.width);
          assert.equal(boxes.tile.width, boxes.totals.width);
          assert.ok(
            boxes.curve.height <= 200 && boxes.curve.height >= 150,
            `day curve of ${boxes.curve.width}×${boxes.curve.height} px`,
          );
          assert.deepEqual(boxes.cut, []);
          await screenshot(page, "dense_trend_390x844");
          assert.deepEqual(problems, []);
          await context.close();
        },
      );
    } finally {
      await browser.close();
      await server.close();
    }
  },
});

function row(
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
