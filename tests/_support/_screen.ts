/**
 * A wallboard screen for fault tests: a WebSocket client that applies every
 * snapshot and delta the way a screen does (a gap or a duplicate fails
 * loudly), keeps each frame with the fake time it arrived at, and can sync
 * with the server (ping → pong) so that everything sent before is in.
 *
 * @module
 */

import type { Clock } from "../../src/clock.ts";
import {
  applyFrame,
  type Msg,
  type ScreenView,
  WsClient,
} from "./_ws_client.ts";

/** One frame with the fake time it arrived at. */
export interface Arrival {
  at: number;
  msg: Msg;
}

/** A subscribed screen. */
export class Screen {
  readonly client: WsClient;
  /** Every frame except pongs, in order. */
  readonly frames: Arrival[] = [];
  /** What the screen shows now (null before the first snapshot). */
  view: ScreenView | null = null;
  /** The first frame that did not follow on, if any (a gap or duplicate). */
  broken: Error | null = null;
  readonly #clock: Clock;
  #pongs = 0;

  private constructor(client: WsClient, clock: Clock) {
    this.client = client;
    this.#clock = clock;
    // The hello may have come with the upgrade, before `connect` resolved.
    for (const msg of client.received) this.#take(msg);
    const onmessage = client.socket.onmessage!;
    client.socket.onmessage = (event) => {
      onmessage.call(client.socket, event);
      this.#take(JSON.parse(String(event.data)));
    };
  }

  /** Connects to `url`, subscribes with `message` and waits for the answer. */
  static async open(url: string, clock: Clock, message: Msg = {}) {
    const screen = new Screen(await WsClient.connect(url), clock);
    await screen.client.until(() => screen.frames.length > 0, "see hello");
    screen.client.send({ type: "subscribe", ...message });
    await screen.client.until(
      () => screen.frames.length > 1,
      "see the answer to subscribe",
    );
    return screen;
  }

  /**
   * Connects and subscribes with `since` = the position of `view` (what the
   * screen held before it lost its connection); frames apply on top of it.
   */
  static async resume(
    url: string,
    clock: Clock,
    view: ScreenView,
    message: Msg = {},
  ) {
    const screen = new Screen(await WsClient.connect(url), clock);
    screen.view = view;
    await screen.client.until(() => screen.frames.length > 0, "see hello");
    screen.client.send({
      type: "subscribe",
      ...message,
      since: { epoch: view.epoch, version: view.version },
    });
    await screen.client.until(
      () => screen.frames.length > 1,
      "see the answer to subscribe",
    );
    return screen;
  }

  /** Frames of `type`, in order. */
  of(type: string): Arrival[] {
    return this.frames.filter((f) => f.msg.type === type);
  }

  /** Resolves once the server answered a ping sent now. */
  async sync(): Promise<void> {
    const want = this.#pongs + 1;
    this.client.send({ type: "ping" });
    await this.client.until(() => this.#pongs >= want, "see a pong");
  }

  /** Closes the socket. */
  close(): Promise<void> {
    return this.client.close();
  }

  #take(msg: Msg): void {
    if (msg.type === "pong") {
      this.#pongs++;
      return;
    }
    this.frames.push({ at: this.#clock.now(), msg });
    if (msg.type !== "snapshot" && msg.type !== "delta") return;
    try {
      const view = this.view;
      const resumedHere = msg.resumed === true && view !== null &&
        msg.prev === view.version;
      if (
        view !== null && msg.version <= view.version &&
        !(resumedHere && msg.version === view.version)
      ) {
        throw new Error(
          `Cannot apply ${msg.type}: version ${msg.version} again after ${view.version}`,
        );
      }
      this.view = applyFrame(this.view, msg);
    } catch (error) {
      this.broken ??= error as Error;
    }
  }
}
