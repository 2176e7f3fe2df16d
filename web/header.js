// @ts-check
/// <reference lib="dom" />
/**
 * The page's header and banners: connection line, data age and source,
 * stale banner, notices, the wall clock and every ticking clock, and the
 * sound indicator.
 *
 * @module
 */

import { byTestId } from "./dom.js";
import { fmtAge, fmtClock, fmtTime } from "./format.js";
import { SOUND_OFF_ICON, SOUND_ON_ICON } from "./icons.js";

/** @typedef {import("./state.js").BoardState} BoardState */
/** @typedef {import("./connection.js").ConnectionStatus} ConnectionStatus */
/** @typedef {import("./sound.js").SoundState} SoundState */

/**
 * Creates the header renderer of `doc`.
 *
 * @param {Document} doc
 */
export function createHeader(doc) {
  /**
   * Data age, source and the stale banner.
   *
   * @param {BoardState} state
   * @param {number} now
   */
  function freshness(state, now) {
    const committed = Date.parse(state.committedAt ?? "");
    byTestId(doc, "data-age").textContent = Number.isNaN(committed)
      ? "No data yet"
      : `Data age ${fmtAge(now - committed)}`;
    byTestId(doc, "source").textContent = state.source
      ? `Source: ${state.source}`
      : "";
    const banner = byTestId(doc, "stale-banner");
    banner.hidden = !state.stale;
    if (!state.stale) return;
    const parts = ["⚠ STALE DATA"];
    if (!Number.isNaN(Date.parse(state.fetchedAt ?? ""))) {
      parts.push(`last update ${fmtTime(state.fetchedAt)}`);
    }
    if (state.staleReason) parts.push(state.staleReason);
    banner.textContent = parts.join(" · ");
  }

  /**
   * @param {ConnectionStatus} status
   * @param {number} now
   */
  function connection(status, now) {
    const el = byTestId(doc, "connection");
    let text = "Live";
    if (status.phase === "connecting") text = "Connecting…";
    if (status.phase === "offline" || status.phase === "blocked") {
      const secs = Math.max(0, Math.ceil((status.retryAt - now) / 1000));
      text = status.retryAt ? `Offline · retrying in ${secs} s` : "Offline";
    }
    el.dataset.state = status.phase;
    el.textContent = text;
    doc.body.classList.toggle("offline", status.phase !== "live");
  }

  /** @param {string | null} text */
  function notice(text) {
    const el = byTestId(doc, "notice");
    el.hidden = text === null;
    el.textContent = text ?? "";
  }

  /** @param {number} now */
  function clocks(now) {
    /** @type {NodeListOf<HTMLElement>} */
    const ticking = doc.querySelectorAll("[data-since]");
    for (const el of ticking) {
      el.textContent = fmtClock(now - Number(el.dataset.since));
    }
    byTestId(doc, "clock").textContent = fmtTime(now);
  }

  /** @param {SoundState} state */
  function sound(state) {
    const el = byTestId(doc, "sound");
    el.hidden = state === "off";
    el.dataset.state = state;
    const text = state === "armed"
      ? "Sound armed"
      : state === "unavailable"
      ? "Sound unavailable"
      : "Click or press a key to arm sound";
    el.innerHTML = `${
      state === "armed" ? SOUND_ON_ICON : SOUND_OFF_ICON
    }${text}`;
  }

  /** @param {string} title */
  function title(title) {
    byTestId(doc, "board-title").textContent = title;
    doc.title = `${title} · queuepulse`;
  }

  return { freshness, connection, notice, clocks, sound, title };
}
