/**
 * docs/genesys.md and the configuration guide stay equal to the one
 * permission table of `src/genesys/permissions.ts`.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  ENDPOINT_PERMISSIONS,
  TOPIC_PERMISSIONS,
} from "../../src/genesys/mod.ts";

const ROOT = new URL("../../", import.meta.url);

function read(path: string): Promise<string> {
  return Deno.readTextFile(new URL(path, ROOT));
}

/** `| \`key\` | \`p\`, \`q\` |` rows (or `none`) → key → permissions. */
function tableRows(doc: string, key: RegExp): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of doc.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const match = cells[1]?.match(key);
    if (!match) continue;
    const permissions = cells[2] === "none"
      ? []
      : [...cells[2].matchAll(/`([^`]+)`/g)].map(([, p]) => p);
    rows.set(match[1], permissions);
  }
  return rows;
}

Deno.test("docs/genesys.md lists every call with its permissions, as the table does", async () => {
  const doc = await read("docs/genesys.md");
  const listed = tableRows(
    doc,
    /^`((?:GET|POST|PUT|DELETE|HEAD) \/api\/\S+)`$/,
  );
  assert.deepEqual(
    listed,
    new Map(
      ENDPOINT_PERMISSIONS.map((e) => [`${e.method} ${e.path}`, [
        ...e.permissions,
      ]]),
    ),
  );
});

Deno.test("docs/genesys.md lists every topic with its permissions, as the table does", async () => {
  const doc = await read("docs/genesys.md");
  const listed = tableRows(doc, /^`(v2\.\S+)`$/);
  assert.deepEqual(
    listed,
    new Map(TOPIC_PERMISSIONS.map((t) => [t.topic, [...t.permissions]])),
  );
});

Deno.test("the configuration guide asks for exactly the table's permissions and links docs/genesys.md", async () => {
  const doc = await read("docs/configuration.md");
  const start = doc.indexOf("## Against a real Genesys Cloud org");
  const section = doc.slice(start, doc.indexOf("\n## ", start + 1));
  assert.ok(start >= 0, "section exists");
  const named = new Set(
    [...section.matchAll(/`([a-z]+:[A-Za-z]+:[a-z]+)`/g)].map(([, p]) => p),
  );
  const needed = new Set(
    [...ENDPOINT_PERMISSIONS, ...TOPIC_PERMISSIONS].flatMap((e) =>
      e.permissions
    ),
  );
  assert.deepEqual([...named].sort(), [...needed].sort());
  assert.ok(section.includes("(genesys.md#permissions)"));
  assert.ok(section.includes("deno task doctor"));
});

Deno.test("docs/genesys.md cites the public announcements it relies on", async () => {
  const doc = await read("docs/genesys.md");
  for (
    const source of [
      "https://github.com/MyPureCloud/platform-client-sdk-javascript",
      "https://developer.genesys.cloud/forum/t/normalized-platform-api-429-responses/12028",
      "https://developer.genesys.cloud/forum/t/removal-of-inin-ratelimit-response-headers/10506",
      "https://developer.genesys.cloud/notificationsalerts/notifications/",
    ]
  ) {
    assert.ok(doc.includes(source), `cites ${source}`);
  }
});
