/**
 * Shared test support: fake time, an in-process service and its driver,
 * real processes, WebSocket screens and SSE streams, snapshot states and store, KV and log doubles.
 *
 * @module
 */

export { FakeClock } from "./_fake_clock.ts";
export { FakeStore, type FakeStoreLease } from "./_fake_store.ts";
export { agentState, type QueueOverrides, queueState } from "./_states.ts";
export { guard, GUARD_MS, settle, until } from "./_wait.ts";
export { applyFrame, content, type Msg, type ScreenView } from "./_view.ts";
export {
  type Arrival,
  type Closed,
  subscribe,
  WsClient,
  type WsClientOptions,
} from "./_ws_client.ts";
export {
  PollerClock,
  startTestService,
  T0,
  TEST_ISOLATE,
  type TestService,
  type TestServiceOptions,
} from "./_service.ts";
export {
  cleanEnv,
  descendants,
  freePort,
  getFresh,
  ROOT,
  spawnDeno,
  Spawned,
} from "./_process.ts";
export {
  type Answer,
  type SseBlock,
  SseClient,
  type SseClientOptions,
  SseRefused,
} from "./_sse_client.ts";
export { type Driver, driver } from "./_drive.ts";
export { type FaultyKv, faultyKv, KV_WRITE_FAILURE } from "./_faulty_kv.ts";
export { type LogLine, logSummary, recordingLogger } from "./_log.ts";
export {
  ACTIVITY,
  AGGREGATES,
  type Call,
  callsOf,
  OBSERVATIONS,
  TOKEN,
} from "./_sim_log.ts";
export { seededRandom, seedMathRandom } from "./_random.ts";
export { type ServedSimulator, serveSim } from "./_served_sim.ts";
