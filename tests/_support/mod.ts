/**
 * Shared test support: fake time, an in-process service and its driver,
 * real processes, WebSocket screens, KV and log doubles.
 *
 * @module
 */

export { FakeClock, settle } from "../_fake_clock.ts";
export {
  applyFrame,
  content,
  guard,
  GUARD_MS,
  type Msg,
  type ScreenView,
  subscribe,
  WsClient,
} from "../e2e/_helpers.ts";
export {
  PollerClock,
  startTestService,
  T0,
  type TestService,
  type TestServiceOptions,
} from "../e2e/_service.ts";
export {
  cleanEnv,
  freePort,
  getFresh,
  spawnDeno,
  Spawned,
} from "../e2e/_process.ts";
export { type Driver, driver } from "./_drive.ts";
export { type FaultyKv, faultyKv, KV_WRITE_FAILURE } from "./_faulty_kv.ts";
export { type LogLine, logSummary, recordingLogger } from "./_log.ts";
export { type Arrival, Screen } from "./_screen.ts";
export {
  ACTIVITY,
  AGGREGATES,
  type Call,
  callsOf,
  OBSERVATIONS,
  TOKEN,
} from "./_sim_log.ts";
export { seededRandom, seedMathRandom } from "./_random.ts";
