/// <reference lib="dom" />
/**
 * The wallboard page in headless Chromium against a real in-process
 * queuepulse isolate and its simulator on fake time: the default board on a
 * TV, a board of the BOARDS file and its rotation, a spike, an outage, and
 * a server restart. Screenshots go to test-output/screenshots/ (not
 * committed). Skipped without Chromium.
 *
 * @module
 */

import assert from "node:assert/strict";
import type * as pw from "playwright-core";
import { parseBoards } from "../../src/boards/mod.ts";
import {
  axeViolations,
  chromiumPresent,
  launch,
  type Opened,
  openPage,
  screenshot,
  tileLayout,
  until,
} from "./_browser.ts";
import { type LiveBoard, startLiveBoard } from "./_live_board.ts";
import { READ_VIEW, type ViewRead } from "./_wallboard_read.ts";
import { fmtPct } from "../../web/format.js";

/** What the page holds of the trend, and what GET /api/v1/trend answers. */
interface TrendHeld {
  version: number;
  trend: Record<string, { queueId: string }>;
  trendTotals: Record<
    string,
    { offered: number; abandoned: number; serviceLevel: number | null }
  >;
}

const HAS_CHROMIUM = chromiumPresent();

const BOARDS = parseBoards({
  boards: [
    {
      id: "sales",
      title: "Sales floor",
      queues: ["Sales*"],
      agents: true,
      rotate: ["care"],
      rotateSeconds: 5,
    },
    { id: "care", title: "Care", queues: ["Support", "Billing"] },
  ],
});

function readView(page: pw.Page): Promise<ViewRead> {
  return page.evaluate(READ_VIEW) as Promise<ViewRead>;
}

/** Opens `path` at the service's fake time and waits for live data. */
async function open(
  browser: pw.Browser,
  live: LiveBoard,
  path: string,
): Promise<Opened> {
  const opened = await openPage(browser, live.base + path, live.clock.now());
  await until(
    opened.page,
    "window.__qp?.connected && window.__qp.version > 0",
  );
  return opened;
}

/** The tile of the queue named `name`, as the page shows it. */
async function tileNamed(page: pw.Page, name: string) {
  const view = await readView(page);
  return view.tiles.find((t) => t.name === name);
}

/** Whether the simulator has the scenario control plane yet. */
async function hasScenarios(live: LiveBoard): Promise<boolean> {
  const res = await live.sim.fetch("http://sim/__sim/scenario", {
    method: "DELETE",
  });
  await res.body?.cancel();
  return res.status !== 404;
}

Deno.test({
  name: "wallboard against a live service and simulator in Chromium",
  ignore: !HAS_CHROMIUM,
  async fn(t) {
    const live = await startLiveBoard({ boards: BOARDS });
    const browser = await launch();
    try {
      await t.step(
        "the default board fits a 1080p TV and is axe-clean",
        async () => {
          const { context, page, problems } = await open(browser, live, "/");
          await until(
            page,
            "document.querySelectorAll('[data-testid^=\"queue-\"]').length === 12",
          );
          const tv = await tileLayout(page);
          // Every tile also draws its trend (the server's intervals), tall
          // enough to read.
          assert.deepEqual(
            [tv.tiles, tv.onScreen, tv.clipped, tv.overflowing],
            [12, 12, 0, 0],
          );
          assert.deepEqual([tv.sparks, tv.flatSparks], [12, 0]);
          assert.ok(
            tv.scrollHeight <= tv.innerHeight,
            `scrolls: ${tv.scrollHeight}`,
          );
          assert.ok(
            tv.smallestHero >= 40,
            `hero numbers of ${tv.smallestHero} px`,
          );
          assert.deepEqual(await axeViolations(page), []);
          await screenshot(page, "default_1920x1080");

          await page.setViewportSize({ width: 3840, height: 2160 });
          await until(page, "document.documentElement.clientWidth === 3840");
          const uhd = await tileLayout(page);
          assert.deepEqual([uhd.onScreen, uhd.clipped, uhd.overflowing], [
            12,
            0,
            0,
          ]);
          assert.deepEqual([uhd.sparks, uhd.flatSparks], [12, 0]);
          assert.ok(
            uhd.smallestHero >= 80,
            `4K hero numbers of ${uhd.smallestHero} px`,
          );
          await screenshot(page, "default_3840x2160");

          await page.setViewportSize({ width: 390, height: 844 });
          await until(
            page,
            "document.body.classList.contains('layout-scroll')",
          );
          const phone = await tileLayout(page);
          assert.deepEqual(
            [phone.tiles, phone.columns, phone.clipped, phone.overflowing],
            [12, 1, 0, 0],
          );
          assert.deepEqual([phone.sparks, phone.flatSparks], [12, 0]);
          assert.deepEqual(await axeViolations(page), []);
          await screenshot(page, "default_390x844");
          assert.deepEqual(problems, []);
          await context.close();
        },
      );

      await t.step(
        "a board shows only its queues and title, then rotates",
        async () => {
          const { context, page, problems } = await open(
            browser,
            live,
            "/boards/sales",
          );
          let view = await readView(page);
          assert.deepEqual([view.title, view.tiles.map((x) => x.name)], [
            "Sales floor",
            ["Sales"],
          ]);
          const agents = await page.$$eval(
            '[data-testid^="agent-u"]',
            (els) => els.length,
          );
          assert.ok(agents > 0, "the sales board lists its agents");
          assert.deepEqual(await axeViolations(page), []);
          // The trend is the server's: the page holds what GET /api/v1/trend
          // answers for the board's queues at the same version, draws a
          // sparkline per queue with intervals, and the day's curve from the
          // server's totals per interval.
          const held = await page.evaluate(
            "({ version: window.__qp.state.version, trend: window.__qp.state.trend, trendTotals: window.__qp.state.trendTotals })",
          ) as TrendHeld;
          const ids = view.tiles.map((x) => String(x.testid).slice(6));
          const rest = await fetch(
            `${live.base}/api/v1/trend?queues=${ids.join(",")}`,
          );
          const served = await rest.json() as TrendHeld;
          assert.equal(served.version, held.version);
          assert.deepEqual(held.trend, served.trend);
          assert.deepEqual(held.trendTotals, served.trendTotals);
          const withTrend = new Set(
            Object.values(held.trend).map((p) => p.queueId),
          );
          assert.ok(withTrend.size > 0, "the sales queue has intervals");
          assert.deepEqual(
            view.tiles.map((x) => (x.charts as string[]).length),
            view.tiles.map((x) =>
              withTrend.has(String(x.testid).slice(6)) ? 1 : 0
            ),
          );
          const latest = Object.values(served.trendTotals).at(-1)!;
          assert.equal(
            view.dayCurve,
            `All queues of this board: service level per 30 minutes, latest ${
              fmtPct(latest.serviceLevel)
            }; latest interval offered ${latest.offered}, abandoned ${latest.abandoned}`,
          );
          await screenshot(page, "board_sales_1920x1080");

          await page.clock.setFixedTime(live.clock.now() + 5_000);
          await until(page, "window.__qp.board === 'care'");
          view = await readView(page);
          assert.deepEqual([view.title, view.tiles.map((x) => x.name)], [
            "Care",
            ["Billing", "Support"],
          ]);
          assert.equal(
            await page.$('[data-testid="agents"]:not([hidden])'),
            null,
          );
          assert.deepEqual(problems, []);
          await context.close();
        },
      );

      // A ×10 spike on a team-served queue makes its oldest wait cross the
      // 60 s critical rule in about 90 s of simulated time (18 polls).
      const scenarios = await hasScenarios(live);
      await t.step({
        name: "a spike turns its tile critical within a few polls",
        ignore: !scenarios,
        async fn() {
          const { context, page, problems } = await open(browser, live, "/");
          const res = await live.sim.fetch("http://sim/__sim/scenario", {
            method: "PUT",
            body: JSON.stringify({
              spike: { queue: "Technical", factor: 10, minutes: 20 },
            }),
          });
          assert.equal(res.status, 200, await res.text());
          let severity: unknown = null;
          for (let poll = 0; poll < 24 && severity !== "critical"; poll++) {
            await live.nextPoll();
            await page.clock.setFixedTime(live.clock.now());
            await until(page, `window.__qp.version >= 0`);
            severity = (await tileNamed(page, "Technical"))?.severity;
          }
          assert.equal(severity, "critical");
          await (await live.sim.fetch("http://sim/__sim/scenario", {
            method: "DELETE",
          })).body?.cancel();
          assert.deepEqual(problems, []);
          await context.close();
        },
      });

      await t.step(
        "an outage raises the stale banner; recovery clears it",
        async () => {
          const { context, page, problems } = await open(browser, live, "/");
          assert.equal((await readView(page)).stale, null);
          live.sim.setFaults({ outage: true });
          await live.advance(14_000);
          await page.clock.setFixedTime(live.clock.now());
          await until(
            page,
            `!document.querySelector('[data-testid="stale-banner"]').hidden`,
          );
          const stale = await readView(page);
          assert.match(
            stale.stale ?? "",
            /^⚠ STALE DATA · last update \d\d:\d\d:\d\d · Genesys does not answer queue observations \(503 service\.unavailable\): probing every 5000 ms at most$/,
          );
          const squeezed = await tileLayout(page);
          assert.deepEqual(
            [squeezed.onScreen, squeezed.clipped, squeezed.overflowing],
            [12, 0, 0],
          );
          await screenshot(page, "stale_1920x1080");

          live.sim.clearFaults();
          await live.advance(60_000);
          await page.clock.setFixedTime(live.clock.now());
          await until(
            page,
            `document.querySelector('[data-testid="stale-banner"]').hidden`,
          );
          assert.equal((await readView(page)).connection, "live");
          assert.deepEqual(problems, []);
          await context.close();
        },
      );

      await t.step(
        "a server restart: reconnect without reload or flash",
        async () => {
          const { context, page, problems } = await open(browser, live, "/");
          const before = (await readView(page)).version ?? 0;
          await page.evaluate(`(() => {
          window.__sameDocument = true;
          window.__flashes = [];
          const queues = document.querySelector('[data-testid="queues"]');
          const empty = document.querySelector('[data-testid="empty"]');
          new MutationObserver((records) => {
            for (const r of records) for (const n of r.removedNodes) {
              if (!n.isConnected) window.__flashes.push("removed " + n.dataset.testid);
            }
            if (!empty.hidden) window.__flashes.push("empty shown");
          }).observe(queues, { childList: true });
          new MutationObserver(() => {
            if (!empty.hidden) window.__flashes.push("empty shown");
          }).observe(empty, { attributes: true });
        })()`);
          await live.stop();
          await until(page, "!window.__qp.connected");
          await live.restart();
          await until(
            page,
            `window.__qp.connected && window.__qp.version > ${before}`,
          );
          assert.equal(await page.evaluate("window.__sameDocument"), true);
          assert.deepEqual(await page.evaluate("window.__flashes"), []);
          assert.equal((await readView(page)).tiles.length, 12);
          // While the server was away the browser may log refused sockets.
          assert.deepEqual(
            problems.filter((p) =>
              !/^console: WebSocket connection to .* failed/.test(p)
            ),
            [],
          );
          await context.close();
        },
      );
    } finally {
      await browser.close();
      await live.close();
    }
  },
});
