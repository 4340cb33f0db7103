// The binary reader's public face: open a Go arm64 executable, scan it for
// split SP updates, locate a crash pc. Everything else in this folder is an
// implementation detail.
export { openGoBinary, type GoBinary } from './goBinary';
export { scanBinary } from './scan';
export { locatePc } from './locate';
export { parseModInfo } from './modinfo';
export type * from './types';
