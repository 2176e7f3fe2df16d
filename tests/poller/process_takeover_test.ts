/**
 * Leader takeover with real processes on one KV file: kill -9 of the
 * leader, a restart after kill -9, and a leader frozen (SIGSTOP) past its
 * lease that wakes up fenced out. The TTL is 1 s here to keep the test
 * short; the targets at the default 4 s are measured on fake time in
 * `takeover_test.ts`.
 *
 * @module
 */

import assert from "node:assert/strict";
import { spawnDeno, type Spawned } from "../_support/mod.ts";

const TTL = 1000;
const POLL = 500;
/** Room for timers and a loaded machine on top of the TTL. */
const SLACK = 1500;

interface Line {
  t: number;
  owner: string;
  type: string;
  version?: number;
}

function start(path: string, owner: string): Spawned {
  return spawnDeno([
    "run",
    "--allow-read",
    "--allow-write",
    "--allow-env",
    "tests/poller/_leader_process.ts",
    path,
    owner,
    String(TTL),
    String(POLL),
  ], { ...Deno.env.toObject(), NO_COLOR: "1" });
}

function lines(p: Spawned): Line[] {
  return p.stdout.flatMap((l) => {
    try {
      return [JSON.parse(l) as Line];
    } catch {
      return [];
    }
  });
}

/** The first `type` line at or after `after`, within 30 s. */
async function event(p: Spawned, type: string, after = 0): Promise<Line> {
  const deadline = Date.now() + 30_000;
  while (true) {
    const found = lines(p).find((l) => l.type === type && l.t >= after);
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(
        `Cannot see a "${type}" line: got\n${
          [...p.stdout, ...p.stderr].join("\n")
        }`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

Deno.test("takeover with real processes: kill -9, restart, and a frozen leader fenced out", async () => {
  const dir = await Deno.makeTempDir({ prefix: "queuepulse-takeover-" });
  const path = `${dir}/kv.sqlite3`;
  const all: Spawned[] = [];
  const spawn = (owner: string) => {
    const p = start(path, owner);
    all.push(p);
    return p;
  };
  try {
    const a = spawn("a");
    await event(a, "committed");
    const b = spawn("b");
    await event(b, "standby");

    // kill -9 of the leader: the survivor leads within one TTL.
    const killedA = Date.now();
    a.child.kill("SIGKILL");
    const bLeads = await event(b, "leader");
    assert.ok(bLeads.t - killedA <= TTL + SLACK, `${bLeads.t - killedA} ms`);
    await event(b, "committed", bLeads.t);

    // kill -9 and restart: the new process waits out the dead lease only.
    b.child.kill("SIGKILL");
    const killedB = Date.now();
    const c = spawn("c");
    const cStarted = await event(c, "started");
    const cLeads = await event(c, "leader");
    assert.ok(
      cLeads.t - Math.max(cStarted.t, killedB) <= TTL + SLACK,
      `${cLeads.t - killedB} ms after the kill`,
    );
    await event(c, "committed", cLeads.t);

    // A leader frozen past its lease wakes up fenced out, writing nothing.
    const d = spawn("d");
    await event(d, "standby");
    c.child.kill("SIGSTOP");
    const dLeads = await event(d, "leader");
    const dCommits = await event(d, "committed", dLeads.t);
    c.child.kill("SIGCONT");
    await event(c, "deposed");
    const late = lines(c).filter((l) =>
      l.type === "committed" && l.t > dLeads.t
    );
    assert.deepEqual(late, []);

    // Every version was committed once, in order, across four owners.
    const versions = all.flatMap((p) => lines(p))
      .filter((l) => l.type === "committed")
      .sort((x, y) => x.t - y.t || x.version! - y.version!)
      .map((l) => l.version!);
    assert.deepEqual(versions, [...versions].sort((x, y) => x - y));
    assert.equal(new Set(versions).size, versions.length);
    assert.ok(versions.includes(dCommits.version!));
  } finally {
    for (const p of all) {
      try {
        p.child.kill("SIGCONT");
      } catch { /* already gone */ }
      await p.stop(1000).catch(() => {});
    }
    await Deno.remove(dir, { recursive: true });
  }
});
