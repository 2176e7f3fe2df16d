/// <reference lib="dom" />
/**
 * Headless Chromium for the wallboard tests: launch (skipped when Debian's
 * Chromium is missing), pages that record every console error, failed
 * request and CSP violation, a wait that polls through `evaluate`, axe-core,
 * and screenshots written to the git-ignored test-output/screenshots/.
 *
 * @module
 */

import { setTimeout as delay } from "node:timers/promises";
import axe from "axe-core";
import type * as pw from "playwright-core";

/** Debian's Chromium. */
export const CHROMIUM = "/usr/bin/chromium";

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

/** Where screenshots go (git-ignored, never committed). */
export const SCREENSHOTS = new URL(
  "../../test-output/screenshots/",
  import.meta.url,
);

/** Whether Chromium is installed; warns once when it is not. */
export function chromiumPresent(): boolean {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    console.warn(
      `Skipping the wallboard browser tests: ${CHROMIUM} is missing (apt-get install -y chromium)`,
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

/** Launches headless Chromium. */
export async function launch(): Promise<pw.Browser> {
  const { chromium } = await loadPlaywright();
  return await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** A page and what went wrong on it. */
export interface Opened {
  context: pw.BrowserContext;
  page: pw.Page;
  /** Console errors, page errors and answers ≥ 400, in order. */
  problems: string[];
}

/**
 * Opens `url` at fixed page time `time` (Date only; timers run) in a
 * 1920×1080 window unless told otherwise.
 */
export async function openPage(
  browser: pw.Browser,
  url: string,
  time: string | number,
  viewport = { width: 1920, height: 1080 },
): Promise<Opened> {
  const context = await browser.newContext({
    viewport,
    timezoneId: "UTC",
    locale: "en-GB",
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console: ${msg.text()}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} ${res.url()}`);
  });
  await page.clock.setFixedTime(time);
  await page.goto(url);
  return { context, page, problems };
}

/**
 * Waits until `expression` is truthy in the page. Polls through `evaluate`
 * (which the page's CSP allows) rather than `waitForFunction` (which needs
 * 'unsafe-eval').
 */
export async function until(
  page: pw.Page,
  expression: string,
  ms = 10_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await page.evaluate(expression)) return;
    await delay(20);
  }
  throw new Error(`Cannot reach page condition: ${expression}`);
}

/** A serious or critical axe-core finding, shortened. */
export interface AxeFinding {
  id: string;
  impact: string;
  targets: string[];
}

/** Runs axe-core in the page; returns its serious and critical violations. */
export async function axeViolations(page: pw.Page): Promise<AxeFinding[]> {
  await page.evaluate((axe as unknown as { source: string }).source);
  return await page.evaluate(`(async () => {
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(" ")) }));
  })()`) as AxeFinding[];
}

/** Writes a screenshot of `page` to test-output/screenshots/<name>.png. */
export async function screenshot(page: pw.Page, name: string): Promise<void> {
  await Deno.mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname });
}

/** How the tiles sit in the window. */
export interface TileLayout {
  tiles: number;
  /** Tiles whose box lies wholly inside the window. */
  onScreen: number;
  /** Distinct left edges: the number of columns. */
  columns: number;
  scrollHeight: number;
  innerHeight: number;
  /** Smallest hero number font size, px. */
  smallestHero: number;
  /** Hero numbers wider than their box. */
  clipped: number;
  /** Tiles whose content does not fit them. */
  overflowing: number;
  /** Sparklines drawn, and of those the ones under 24 px tall (unreadable). */
  sparks: number;
  flatSparks: number;
}

/** Measures the tile grid in the page. */
export function tileLayout(page: pw.Page): Promise<TileLayout> {
  return page.evaluate(`(() => {
    const tiles = [...document.querySelectorAll('[data-testid^="queue-"]')];
    const boxes = tiles.map((t) => t.getBoundingClientRect());
    const heroes = [...document.querySelectorAll(".big .num")]
      .filter((el) => el.offsetParent !== null);
    return {
      tiles: tiles.length,
      onScreen: boxes.filter((b) => b.top >= 0 && b.left >= 0 &&
        b.bottom <= innerHeight && b.right <= innerWidth).length,
      columns: new Set(boxes.map((b) => Math.round(b.left))).size,
      scrollHeight: document.documentElement.scrollHeight,
      innerHeight,
      smallestHero: Math.min(...heroes.map((el) => parseFloat(getComputedStyle(el).fontSize))),
      clipped: heroes.filter((el) => el.scrollWidth > el.clientWidth + 1).length,
      overflowing: tiles.filter((el) => el.scrollHeight > el.clientHeight + 1).length,
      sparks: document.querySelectorAll('[data-testid^="queue-"] .spark svg').length,
      flatSparks: [...document.querySelectorAll('[data-testid^="queue-"] .spark')]
        .filter((el) => el.getBoundingClientRect().height < 24).length,
    };
  })()`) as Promise<TileLayout>;
}
