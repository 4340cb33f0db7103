// The version of `preempt-guard`, as package.json has it: printed by
// `preempt-guard version` and written as the tool version into SARIF and JSON
// reports. The bundle inlines the field (esbuild), so no file is read at run time.
import { version } from '../../../package.json';

export const VERSION: string = version;
