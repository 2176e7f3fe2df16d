import assert from "node:assert/strict";
import {
  findRegion,
  GENESYS_REGIONS,
  regionHosts,
  resolveRegion,
} from "../../src/genesys/mod.ts";

Deno.test("GENESYS_REGIONS holds the 18 regions of the SDK table", () => {
  assert.equal(Object.keys(GENESYS_REGIONS).length, 18);
  assert.equal(GENESYS_REGIONS.eusc_de_east_1, "edee1.eusc-pure.cloud");
  assert.equal(GENESYS_REGIONS.us_east_2, "use2.us-gov-pure.cloud");
});

Deno.test("resolveRegion accepts domains, api./login. hosts and AWS names", () => {
  const cases: [string, string][] = [
    ["mypurecloud.ie", "mypurecloud.ie"],
    ["api.mypurecloud.ie", "mypurecloud.ie"],
    ["login.usw2.pure.cloud", "usw2.pure.cloud"],
    ["eu-west-1", "mypurecloud.ie"],
    ["eu_west_1", "mypurecloud.ie"],
    ["EU-WEST-1", "mypurecloud.ie"],
    [" us-east-1 ", "mypurecloud.com"],
    ["ap-southeast-2", "mypurecloud.com.au"],
    ["eusc-de-east-1", "edee1.eusc-pure.cloud"],
    ["mypurecloud.com.au", "mypurecloud.com.au"],
  ];
  for (const [input, domain] of cases) {
    assert.equal(resolveRegion(input), domain, input);
  }
});

Deno.test("resolveRegion refuses an unknown region and lists the valid ones", () => {
  assert.equal(findRegion("eu-west-9"), null);
  assert.throws(() => resolveRegion("eu-west-9"), (error: unknown) => {
    assert.ok(error instanceof RangeError);
    assert.match(
      error.message,
      /^Cannot resolve Genesys region: unknown region "eu-west-9" \(expected one of: mypurecloud\.com, mypurecloud\.ie, .*, edee1\.eusc-pure\.cloud, or us-east-1, eu-west-1, .*, eusc-de-east-1\)$/,
    );
    return true;
  });
  assert.throws(() => resolveRegion("mygen.com"), RangeError);
  assert.throws(() => resolveRegion("www.mypurecloud.com"), RangeError);
});

Deno.test("regionHosts derives the API and login hosts", () => {
  assert.deepEqual(regionHosts("mypurecloud.ie"), {
    apiUrl: "https://api.mypurecloud.ie",
    loginUrl: "https://login.mypurecloud.ie",
  });
  assert.deepEqual(regionHosts("usw2.pure.cloud"), {
    apiUrl: "https://api.usw2.pure.cloud",
    loginUrl: "https://login.usw2.pure.cloud",
  });
});
