// The one registry of the extension's commands: id, and whether it needs a
// running language server (the registration checks that once for all of
// them). Pure data, no `vscode`: the manifest test compares it with
// package.json's contributes.commands.
export const COMMANDS = {
  scan: { id: 'preemptGuard.scanWorkspace', needsServer: true },
  showAssembly: { id: 'preemptGuard.showAssembly', needsServer: false },
  restart: { id: 'preemptGuard.restartServer', needsServer: false },
  showLog: { id: 'preemptGuard.showLog', needsServer: false },
  runReproducer: { id: 'preemptGuard.runReproducer', needsServer: true },
  scanBinary: { id: 'preemptGuard.scanBinary', needsServer: true },
  scanImage: { id: 'preemptGuard.scanImage', needsServer: true },
  openScanReportText: { id: 'preemptGuard.openScanReportText', needsServer: false },
  triageCrashLog: { id: 'preemptGuard.triageCrashLog', needsServer: true },
} as const;

export type CommandName = keyof typeof COMMANDS;
