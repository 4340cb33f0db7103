// The V8 flags the decoder needs, in one place: the decoder sets them before
// capstone's wasm compiles, and the CLI launcher sets them before it compiles
// the bundle, so that V8's code cache (which records the flags) made at exit
// matches the next start. capstone decodes a few words per call: V8's baseline
// (Liftoff) code is plenty. Its optimising tier-up of the 1.7 MB module is
// ~250 ms of background compilation that process exit waits for (measured:
// scan-binary 0.62 s -> 0.31 s, peak RSS 182 -> 126 MB).
export const DECODER_V8_FLAGS = '--liftoff-only';
