/**
 * The Dockerfile stays in step with deno.json and CI: the same Deno version,
 * the command of the `start` task, permission sets that exist, the files that
 * command needs, and `HOSTNAME=0.0.0.0`.
 *
 * @module
 */

import assert from "node:assert/strict";
import { DockerfileParser, type JSONInstruction } from "dockerfile-ast";

const ROOT = new URL("../../", import.meta.url);
const dockerfile = DockerfileParser.parse(
  await Deno.readTextFile(new URL("Dockerfile", ROOT)),
);
const denoJson = JSON.parse(
  await Deno.readTextFile(new URL("deno.json", ROOT)),
);

function instructions(keyword: string) {
  return dockerfile.getInstructions().filter((i) => i.getKeyword() === keyword);
}

/** The exec-form (JSON array) arguments of `instruction`. */
function execForm(instruction: JSONInstruction): string[] {
  return instruction.getJSONStrings().map((s) => s.getJSONValue());
}

Deno.test("Dockerfile: the base image is the Deno of CI and of this run", async () => {
  const froms = dockerfile.getFROMs();
  assert.equal(froms.length, 1);
  assert.equal(froms[0].getImageName(), "denoland/deno");
  const ci = await Deno.readTextFile(new URL(".ci/run", ROOT));
  const version = ci.match(/^DENO_VERSION=(\S+)$/m)?.[1];
  assert.equal(version, "2.9.6");
  assert.equal(froms[0].getImageTag(), version);
  assert.equal(Deno.version.deno, version);
});

Deno.test("Dockerfile: CMD runs the `start` task's command with deno.json's permission set", () => {
  const [cmd] = dockerfile.getCMDs() as JSONInstruction[];
  const args = execForm(cmd);
  assert.deepEqual(args, denoJson.tasks.start.split(" "));
  const set = args.find((a) => a.startsWith("-P="))!.slice(3);
  assert.deepEqual(denoJson.permissions[set], {
    env: true,
    read: true,
    run: true,
  });
  // start.ts serves main.ts with the `serve` set: the one `deno task dev`,
  // the compile task and Deno Deploy's `--allow-all` cover.
  assert.ok(denoJson.permissions.serve);
  assert.match(denoJson.tasks.dev, / -P=serve main\.ts$/);
  assert.match(denoJson.tasks.compile, / -P=serve .* bin\.ts$/);
});

Deno.test("Dockerfile: copies and caches every module the command runs", () => {
  const copied = instructions("COPY").flatMap((i) =>
    i.getArguments().slice(0, -1).map((a) => a.getValue())
  );
  for (
    const path of ["deno.json", "deno.lock", "main.ts", "src/", "web/"]
  ) {
    assert.ok(copied.includes(path), `COPY ${path}`);
  }
  assert.ok(copied.includes("scripts/"), "COPY scripts/");
  const [run] = instructions("RUN");
  const install = run.getArguments().map((a) => a.getValue());
  const entries = install.slice(
    install.indexOf("--entrypoint") + 1,
    install.indexOf("&&"),
  );
  assert.deepEqual(install.slice(0, 3), ["deno", "install", "--frozen"]);
  for (const entry of ["main.ts", "scripts/start.ts"]) {
    assert.ok(entries.includes(entry), `deno install --entrypoint ${entry}`);
  }
});

Deno.test("Dockerfile: listens on every interface, whatever HOSTNAME the runtime set", () => {
  const env = new Map(
    instructions("ENV").flatMap((i) =>
      i.getArguments().map((a) =>
        a.getValue().split("=", 2) as [string, string]
      )
    ),
  );
  assert.equal(env.get("HOSTNAME"), "0.0.0.0");
  assert.equal(env.get("PORT"), "8000");
  const exposed = instructions("EXPOSE").map((i) => i.getArgumentsContent());
  assert.deepEqual(exposed, ["8000"]);
});

Deno.test("deno.json: Deno Deploy runs bin.ts, the entry that starts its own server", async () => {
  assert.deepEqual(denoJson.deploy.runtime, {
    type: "dynamic",
    entrypoint: "./bin.ts",
  });
  const bin = await Deno.readTextFile(new URL("bin.ts", ROOT));
  assert.match(bin, /^Deno\.serve\(/m);
  assert.equal(denoJson.unstable.includes("cron"), false);
});
