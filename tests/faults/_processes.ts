/**
 * Real processes for the process faults (private to the fault tests): the
 * standalone simulator served in the test process on the system clock (its
 * request log tells when each call arrived), and queuepulse instances
 * (`deno run bin.ts`, one isolate each) on a shared KV file, talking to it.
 *
 * @module
 */

import {
  cleanEnv,
  freePort,
  spawnDeno,
  type Spawned,
} from "../_support/mod.ts";

/** One running queuepulse process. */
export interface Instance {
  proc: Spawned;
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** `ws://127.0.0.1:<port>/ws` */
  wsUrl: string;
}

/**
 * Starts `deno run bin.ts` polling `simUrl` (as Genesys) with the KV at
 * `kvPath`, and waits until it listens.
 */
export async function startInstance(
  simUrl: string,
  kvPath: string,
): Promise<Instance> {
  const port = freePort();
  const proc = spawnDeno(
    [
      "run",
      "--allow-net",
      "--allow-env",
      "--allow-read",
      "--allow-write",
      "bin.ts",
    ],
    cleanEnv({
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      KV_PATH: kvPath,
      GENESYS_API_URL: simUrl,
      GENESYS_LOGIN_URL: simUrl,
      GENESYS_CLIENT_ID: "sim-client",
      GENESYS_CLIENT_SECRET: "sim-secret",
      GENESYS_NOTIFICATIONS: "false",
      AUTH_DISABLED: "true",
      POLL_INTERVAL_MS: "1000",
    }),
  );
  try {
    await proc.waitForLine(/"msg":"Listening on /);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  const base = `http://127.0.0.1:${port}`;
  return { proc, base, wsUrl: `ws://127.0.0.1:${port}/ws` };
}
