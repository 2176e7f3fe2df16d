// @ts-check
/// <reference lib="dom" />
/**
 * The board's tone for a raised critical alert (Web Audio). Browsers let a
 * page play sound only after the user interacted with it, so the first
 * click or key press arms it; until then the page says it is not armed.
 *
 * @module
 */

/** Pitch of the tone, Hz. */
const TONE_HZ = 880;
/** Length of the tone, seconds. */
const TONE_SECONDS = 0.35;

/**
 * Where the sound stands: off (board without sound), waiting for the first
 * gesture, armed, or unavailable (no Web Audio).
 *
 * @typedef {"off" | "unarmed" | "armed" | "unavailable"} SoundState
 */

/**
 * Creates the tone player of `win`; `enable(true)` starts listening for
 * the arming gesture.
 *
 * @param {Window & typeof globalThis} win
 * @param {() => void} onChange the state changed
 */
export function createSound(win, onChange) {
  /** @type {AudioContext | null} */
  let context = null;
  /** @type {SoundState} */
  let state = "off";
  let tones = 0;

  /** Arming gestures: the events that grant a page user activation. */
  const GESTURES = /** @type {const} */ (["click", "keydown"]);

  /** @param {boolean} on */
  function listen(on) {
    for (const type of GESTURES) {
      if (on) win.addEventListener(type, arm, true);
      else win.removeEventListener(type, arm, true);
    }
  }

  function arm() {
    if (state !== "unarmed") return;
    try {
      context ??= new win.AudioContext();
    } catch {
      listen(false);
      state = "unavailable";
      onChange();
      return;
    }
    const ctx = context;
    // Armed once the browser lets the context run; until then the next
    // gesture tries again.
    ctx.resume().then(() => {
      if (state !== "unarmed" || ctx.state !== "running") return;
      listen(false);
      state = "armed";
      onChange();
    }, () => {});
  }

  return {
    /** @returns {SoundState} */
    state: () => state,
    /** Tones played so far. */
    tones: () => tones,
    /**
     * Turns sound on (waiting for a gesture unless armed before) or off.
     *
     * @param {boolean} on
     */
    enable(on) {
      listen(false);
      if (!on) {
        state = "off";
      } else if (context?.state === "running") {
        state = "armed";
      } else {
        state = "unarmed";
        listen(true);
      }
      onChange();
    },
    /** Plays one short tone when armed; returns whether it played. */
    tone() {
      if (state !== "armed" || !context) return false;
      const at = context.currentTime;
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.frequency.value = TONE_HZ;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + TONE_SECONDS);
      osc.connect(gain).connect(context.destination);
      osc.start(at);
      osc.stop(at + TONE_SECONDS);
      tones++;
      return true;
    },
  };
}
