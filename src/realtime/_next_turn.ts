/**
 * One turn of the runtime's event loop (private to the real-time room).
 *
 * @module
 */

/**
 * Resolves after the runtime had a turn (and wrote out what was sent): a
 * message through a fresh channel, as chained zero-delay timers are clamped
 * (200 of them took 458 ms here, 200 channel hops 15 ms). Both ports are
 * closed: an open port is a resource until it is collected, and the soak saw
 * them pile up.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      port2.close();
      resolve();
    };
    port2.postMessage(null);
  });
}
