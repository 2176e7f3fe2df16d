/**
 * A minimal Chrome DevTools Protocol client for benchmarks: the isolates of
 * a process started with `--inspect` (`deno serve --parallel` lists each
 * isolate as a target), a forced garbage collection, heap usage, and a heap
 * snapshot reduced to totals and counts of named objects.
 *
 * @module
 */

/** One debuggable isolate of `/json/list`. */
export interface InspectorTarget {
  title: string;
  webSocketDebuggerUrl: string;
}

/** The isolates the inspector on `port` offers. */
export async function inspectorTargets(
  port: number,
): Promise<InspectorTarget[]> {
  const res = await fetch(`http://127.0.0.1:${port}/json/list`);
  return await res.json() as InspectorTarget[];
}

// deno-lint-ignore no-explicit-any
type Json = any;

/** A CDP session with one isolate. */
export class Inspector {
  /** The target's title (which isolate). */
  title = "";
  readonly #socket: WebSocket;
  #id = 0;
  readonly #pending = new Map<number, (message: Json) => void>();
  readonly #listeners = new Map<string, (params: Json) => void>();

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.onmessage = (event) => {
      const message = JSON.parse(String(event.data));
      if (message.id !== undefined) {
        this.#pending.get(message.id)?.(message);
        this.#pending.delete(message.id);
      } else this.#listeners.get(message.method)?.(message.params);
    };
  }

  /** Opens a session on `target`. */
  static async connect(target: InspectorTarget): Promise<Inspector> {
    const socket = new WebSocket(target.webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      socket.onopen = () => resolve();
      socket.onerror = () =>
        reject(new Error(`Cannot inspect ${target.title}: no connection`));
    });
    const inspector = new Inspector(socket);
    inspector.title = target.title;
    return inspector;
  }

  /** Sends one command; rejects with the protocol's error. */
  send(method: string, params: Json = {}): Promise<Json> {
    const id = ++this.#id;
    return new Promise((resolve, reject) => {
      this.#pending.set(
        id,
        (message) =>
          message.error
            ? reject(
              new Error(`Cannot run ${method}: ${message.error.message}`),
            )
            : resolve(message.result),
      );
      this.#socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Calls `handler` on every `method` event (one handler per event). */
  on(method: string, handler: (params: Json) => void): void {
    this.#listeners.set(method, handler);
  }

  /** Ends the session. */
  close(): void {
    this.#socket.close();
  }
}

/** What one heap snapshot holds. */
export interface HeapFigures {
  /** Bytes of the snapshot's JSON. */
  snapshotBytes: number;
  /** Sum of the objects' own sizes: the live heap, bytes. */
  liveBytes: number;
  /** Objects per constructor name asked for. */
  counts: Record<string, number>;
}

/** Forces a full GC, then takes a heap snapshot and reduces it. */
export async function heapFigures(
  inspector: Inspector,
  names: readonly string[],
): Promise<HeapFigures> {
  await inspector.send("HeapProfiler.enable");
  await inspector.send("HeapProfiler.collectGarbage");
  const chunks: string[] = [];
  inspector.on(
    "HeapProfiler.addHeapSnapshotChunk",
    (p) => chunks.push(p.chunk),
  );
  await inspector.send("HeapProfiler.takeHeapSnapshot", {
    reportProgress: false,
  });
  const text = chunks.join("");
  return {
    snapshotBytes: text.length,
    ...reduceSnapshot(JSON.parse(text), names),
  };
}

/** Live bytes and object counts by constructor name of a parsed snapshot. */
export function reduceSnapshot(
  snapshot: Json,
  names: readonly string[],
): Omit<HeapFigures, "snapshotBytes"> {
  const fields: string[] = snapshot.snapshot.meta.node_fields;
  const types: string[] = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const objectType = types.indexOf("object");
  const wanted = new Map<number, string>();
  snapshot.strings.forEach((s: string, i: number) => {
    if (names.includes(s)) wanted.set(i, s);
  });
  const counts = Object.fromEntries(names.map((n) => [n, 0]));
  let liveBytes = 0;
  const nodes: number[] = snapshot.nodes;
  for (let i = 0; i < nodes.length; i += width) {
    liveBytes += nodes[i + sizeAt];
    if (nodes[i + typeAt] !== objectType) continue;
    const name = wanted.get(nodes[i + nameAt]);
    if (name !== undefined) counts[name]++;
  }
  return { liveBytes, counts };
}

/** Node timer prototype: made by one timer, cleared at once. */
export const TIMEOUT_PROTOTYPE = `(async () => {
  const { setTimeout, clearTimeout } = await import("node:timers");
  const t = setTimeout(() => {}, 1e9);
  clearTimeout(t);
  return Object.getPrototypeOf(t);
})()`;

/**
 * Live objects whose prototype `expression` evaluates to in the isolate
 * (`Runtime.queryObjects`: no heap snapshot, so no memory it would keep).
 */
export async function countInstances(
  inspector: Inspector,
  expression: string,
): Promise<number> {
  const proto = await inspector.send("Runtime.evaluate", {
    expression,
    awaitPromise: true,
  });
  if (proto.exceptionDetails) {
    throw new Error(
      `Cannot evaluate ${expression}: ${proto.exceptionDetails.text}`,
    );
  }
  const found = await inspector.send("Runtime.queryObjects", {
    prototypeObjectId: proto.result.objectId,
  });
  const length = await inspector.send("Runtime.callFunctionOn", {
    objectId: found.objects.objectId,
    functionDeclaration: "function () { return this.length; }",
    returnByValue: true,
  });
  await inspector.send("Runtime.releaseObject", {
    objectId: found.objects.objectId,
  });
  return length.result.value;
}
