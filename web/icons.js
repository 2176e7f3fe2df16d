// @ts-check
/**
 * Inline SVG icons (no icon font: a TV may lack the glyphs). Each is
 * decorative; the text beside it says the same.
 *
 * @module
 */

/**
 * @param {string} cls
 * @param {string} body
 * @returns {string}
 */
function icon(cls, body) {
  return `<svg class="icon ${cls}" viewBox="0 0 16 16" aria-hidden="true" focusable="false">${body}</svg>`;
}

/** A critical alert: an octagon with a bar. */
export const CRITICAL_ICON = icon(
  "i-critical",
  '<path d="M5 1h6l4 4v6l-4 4H5l-4-4V5z" fill="currentColor"/><path d="M4.5 8h7" stroke="#fff" stroke-width="2.2"/>',
);

/** A warning: a triangle with an exclamation mark. */
export const WARNING_ICON = icon(
  "i-warning",
  '<path d="M8 1l7.5 14H.5z" fill="currentColor"/><path d="M8 6v4.5" stroke="#111" stroke-width="2"/><circle cx="8" cy="12.7" r="1.1" fill="#111"/>',
);

/** Sound armed: a speaker with waves. */
export const SOUND_ON_ICON = icon(
  "i-sound",
  '<path d="M2 6h3l4-3v10l-4-3H2z" fill="currentColor"/><path d="M11 5.5a3.5 3.5 0 0 1 0 5M12.5 3.5a6 6 0 0 1 0 9" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round"/>',
);

/** Sound not armed: a speaker struck through. */
export const SOUND_OFF_ICON = icon(
  "i-sound",
  '<path d="M2 6h3l4-3v10l-4-3H2z" fill="currentColor"/><path d="M11 5.5l4 5M15 5.5l-4 5" stroke="currentColor" stroke-width="1.4" stroke-linecap="round"/>',
);
