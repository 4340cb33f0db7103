// Crash texts the triage tests write by hand: a Go panic that is not this
// bug (an assignment to a nil map; no registers, so no architecture), as the runtime prints it.
export const NIL_MAP_PANIC: readonly string[] = [
  'panic: assignment to entry in nil map',
  '',
  'goroutine 1 [running]:',
  'main.main()',
  '\t/home/user/svc/main.go:7 +0x30',
];
