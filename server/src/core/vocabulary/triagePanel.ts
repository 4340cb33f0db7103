// The editor's crash triage words: the two quick picks of "Triage Crash Log…"
// (where the crash output is, what to check it against), their file dialogs,
// the notifications around a run, and the triage page's heading, section
// titles and link tooltip. The verdicts, explanations and remedies the page
// shows are worded by the server (triage.ts); TRIAGE_VIEW there holds the
// page's evidence words.

/** The first quick pick: where the crash output is. */
export const TRIAGE_LOG_PICK = {
  title: 'Triage Crash Log: the crash output',
  placeHolder: 'Where is the crash log?',
  clipboard: 'Clipboard',
  clipboardDetail: 'the crash output you copied',
  editor: 'Active editor (whole file)',
  file: 'Choose a file…',
  fileDetail: 'a saved log (raw, Kubernetes JSON, journald…)',
  fileDialogTitle: 'Crash log to triage',
  fileDialogOpen: 'Triage',
  emptyClipboard: 'the clipboard is empty: copy the crash output first, or select it in an editor',
} as const;

/** Where the text came from when it is the editor's selection. */
export function selectionSource(file: string): string {
  return `selection in ${file}`;
}

/** The second quick pick: what the crashed PC is checked against. */
export const TRIAGE_TARGET_PICK = {
  title: 'Triage Crash Log: check the crashed PC against',
  placeHolder: 'The binary that crashed, or its module',
  none: 'No binary',
  noneDetail: 'verdict from the log alone (consistent at best)',
  binary: 'Choose binary…',
  binaryDetail: 'the executable that crashed (stripped is fine; only read, never run)',
  scan: 'Choose saved scan result…',
  scanDetail: 'the JSON of `preempt-guard scan` or `scan-binary` for that build (a CI artifact)',
  moduleTrusted: 'build its source with your settings (same toolchain as the crashed binary)',
  moduleUntrusted: 'needs a trusted workspace (it builds)',
  scanDialogTitle: 'A saved scan result (preempt-guard scan or scan-binary --format json)',
  scanDialogOpen: 'Check against this scan',
  scanFilter: 'Scan result',
  allFilesFilter: 'All files',
  binaryDialogTitle: 'The binary that crashed',
  binaryDialogOpen: 'Check against this binary',
} as const;

/** A workspace module in the second quick pick. */
export function moduleTargetLabel(name: string): string {
  return `Module ${name}`;
}

/** Checking against a module in an untrusted workspace: nothing is asked of the server. */
export const TRIAGE_MODULE_NEEDS_TRUST =
  'Preempt Guard: checking against a module builds it; trust the workspace first, or choose the binary that crashed.';

/** The progress notification while the server triages. */
export function triageProgressTitle(buildsModule: boolean): string {
  return `Preempt Guard: triaging the crash log${buildsModule ? ' (building the module)' : ''}…`;
}

/** The triage panel's title. */
export const TRIAGE_PANEL_TITLE = 'Crash Triage';

/** Log: a triage's verdicts. */
export function triageLogLine(source: string, verdicts: string[]): string {
  return `triage of ${source}: ${verdicts.length} crash(es): ${verdicts.join(', ') || 'none'}`;
}

/** A link of the page names a file the workspace does not hold. */
export function notAWorkspaceFile(file: string): string {
  return `Preempt Guard: ${file} is not a file of this workspace.`;
}

/** The triage page's fixed words. */
export const TRIAGE_PAGE = {
  heading: 'Crash triage',
  reading: 'Reading the crash log…',
  summary: 'Summary',
  unknownFile: '(unknown file)',
  openLine: 'Open this line in the workspace',
  summaryColumns: ['Crashes', 'Verdict', 'Where', 'Signature'],
  epilogueTable: 'Epilogue disassembly',
  epilogueColumns: ['offset', 'line', 'arm64'],
  whatToDo: 'What to do',
  epilogueHeading: 'The epilogue in the crashed code',
  stackHeading: 'The preempted goroutine',
} as const;

/** `Crash 2: ` before the verdict, when there are several. */
export function crashTitlePrefix(index: number): string {
  return `Crash ${index}: `;
}

/** Where the split epilogue is, before the link to its return line. */
export function splitEpilogueAt(fn: string, leaf: boolean): string {
  return `Split epilogue of ${fn} (${leaf ? 'leaf' : 'non-leaf'}), the return on `;
}

/** The page's heading: how many crashes, where from, and what they were checked against (worded by checkTargetText). */
export function triageHeading(crashes: number, source: string, lines: number, checkedAgainst: string | undefined): string {
  if (crashes === 0) return `No Go crash found in ${source} (${lines} lines read).`;
  const against = checkedAgainst !== undefined ? `, checked against ${checkedAgainst}` : ', not checked against a binary';
  return `${crashes} crash${crashes === 1 ? '' : 'es'} in ${source}${against}.`;
}
