// How much work one resume() may do before the host gets control back: units of the
// session budget (a call, a backward jump, a trap a handler takes, a resume).
// Chosen from the measurement in wasm-tests/bench_slices.mjs (see README.md): one huge
// slice keeps the engine in V8's first tier, because a long-running WebAssembly call is
// only replaced by optimised code on its next call; slices this size get the optimised
// engine after the first few and cost nothing measurable in call overhead.
export const SLICE_BUDGET = 1_000_000;

// The worker's slices are bounded by time instead (so `stop` is seen quickly): it starts
// here and adapts the budget so one slice takes about TARGET_SLICE_MS.
export const WORKER_FIRST_BUDGET = 100_000;
export const TARGET_SLICE_MS = 8;
