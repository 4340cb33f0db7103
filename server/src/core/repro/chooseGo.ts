// Which `go` builds the reproducer: the one asked for, else the one on PATH,
// else the newest toolchain the project installed.
import { AnalysisError } from '../util/errors';
import { installedToolchains, resolveGo, type GoChoice } from '../toolchain/toolchain';
import { reproNewestInstalledGo } from '../vocabulary';

export async function chooseReproGo(
  configured: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  toolchainsDir?: string,
): Promise<GoChoice> {
  if (configured) return resolveGo({ configured, env });
  try {
    return await resolveGo({ env });
  } catch (err) {
    if (!(err instanceof AnalysisError) || err.code !== 'no-go') throw err;
    const installed = installedToolchains(toolchainsDir);
    const newest = installed[installed.length - 1];
    if (!newest) throw err;
    return {
      path: newest.path,
      why: reproNewestInstalledGo(
        newest.version ?? `go${newest.minor}`,
        toolchainsDir ?? process.env.PREEMPT_GUARD_TOOLCHAINS ?? '.toolchains',
      ),
    };
  }
}
