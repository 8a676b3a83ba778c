// How much work one resume() may do before the host gets control back: units of the
// session budget (a call, a backward jump, a trap a handler takes, a resume).
//
// Chosen from wasm-tests/bench_slices.mjs (Node 20, main-thread CPU time, median of 3
// fresh processes per cell; time relative to running the whole program as one slice):
//
//   benchmark | one slice | 1e7  | 1e6  | 1e5  | 1e4  | 1e3
//   fib       | 1.00      | 0.71 | 0.63 | 0.64 | 0.65 | 0.70
//   loop      | 1.00      | 0.69 | 0.71 | 0.69 | 0.72 | 0.84
//   strings   | 1.00      | 1.00 | 0.89 | 0.86 | 0.86 | 0.89
//
// One long resume() stays in V8's baseline code with tier-up checks, because a running
// WebAssembly function is only replaced by its optimised code on its next call: slicing
// is about 1.5x faster. From 1e6 down to 1e4 the figures are equal within noise; at 1e3
// the per-call cost shows. 1e5 (a few ms of work) reaches optimised code after the first
// slice even for short programs, at no measurable cost.
export const SLICE_BUDGET = 100_000;

// The worker's slices are bounded by time instead (so `stop` is seen quickly): it starts
// here and adapts the budget so one slice takes about TARGET_SLICE_MS.
export const WORKER_FIRST_BUDGET = 100_000;
export const TARGET_SLICE_MS = 8;
