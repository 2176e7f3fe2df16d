// @ts-check
/// <reference lib="dom" />
/**
 * Small DOM helpers of the page's renderers.
 *
 * @module
 */

/**
 * The element of `doc` with `data-testid="<id>"`.
 *
 * @param {Document} doc
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byTestId(doc, id) {
  const el = doc.querySelector(`[data-testid="${id}"]`);
  if (!(el instanceof HTMLElement)) {
    throw new TypeError(`Cannot find element "${id}" in the page`);
  }
  return el;
}

/**
 * Moves the children of `container` into the order of `els`, touching only
 * those out of place (so nothing flashes).
 *
 * @param {HTMLElement} container
 * @param {HTMLElement[]} els
 */
export function placeInOrder(container, els) {
  els.forEach((el, i) => {
    if (container.children[i] !== el) {
      container.insertBefore(el, container.children[i] ?? null);
    }
  });
}
