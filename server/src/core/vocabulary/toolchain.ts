// The words about the Go toolchain: where a `go` was found and why it was
// chosen (or where none was), a `go` command that could not run, what is wrong
// in go.mod's syntax, and why an edit of its `toolchain` line was refused.

/** Why each usual install place is searched, shown beside the `go` found there. */
export const goPlaceWords = {
  windowsInstaller: "Go's Windows installer",
  officialInstaller: "Go's official tarball and macOS installer",
  goInstallDir: '`go install` directory (~/go/bin)',
  sdkDownload: '`go install golang.org/dl/goX.Y` download (~/sdk)',
  homebrewAppleSilicon: 'Homebrew (Apple silicon)',
  homebrewIntel: 'Homebrew (Intel) or a manual link',
  snap: 'snap',
  distribution: 'distribution package (golang-go)',
  /** Debian's versioned packages (`go-1.22`). */
  distributionVersioned: (name: string) => `distribution package (${name})`,
};

/** Which `go` was chosen and why; the error when none is usable. */
export const goChoiceWords = {
  configured: (go: string, by: string | undefined) => `configured: ${go}${by ? ` (${by})` : ''}`,
  alternateTools: (go: string) => `vscode-go setting go.alternateTools.go (${go})`,
  goroot: (dir: string) => `vscode-go setting go.goroot (${dir})`,
  firstOnPath: (dir: string) => `first go on PATH (${dir})`,
  notOnPath: (dir: string, why: string) => `not on PATH; found in ${dir} (${why})`,
  /** The places searched, as the not-found message lists them (PATH and directories are named as they are). */
  searchedAlternateTools: (go: string) => `go.alternateTools.go (${go})`,
  searchedGoroot: (dir: string) => `go.goroot (${dir})`,
  configuredMissing: (go: string) => `the configured go (${go}) does not exist or is not executable`,
  fixConfigured: (by: string | undefined) => `Fix ${by ?? 'the preemptGuard.goPath setting or the --go flag'}.`,
  notFound: 'no `go` found on PATH or in the usual install places',
  lookedIn: (places: string[]) =>
    `Looked in: ${places.join(', ')}. Install Go (https://go.dev/doc/install) or set preemptGuard.goPath (or --go).`,
};

/** A `go` command that did not run to its end. */
export const goCommandWords = {
  goVersionFailed: (go: string, dir: string) => `\`${go} env GOVERSION\` failed in ${dir}`,
  couldNotRun: (go: string, args: readonly string[], dir: string) => `could not run ${go} ${args.join(' ')} in ${dir}`,
  killedBy: (signal: string | null) => `killed by ${signal}`,
};

/** What go.mod's syntax gets wrong, and why the `toolchain` line was not (or could only partly be) edited. */
export const gomodWords = {
  unterminatedString: (offset: number) => `unterminated string at offset ${offset}`,
  unterminatedBlock: (verb: string) => `unterminated ${verb} block`,
  repeatedStatement: (verb: string) => `repeated ${verb} statement`,
  /** cmd/go's own words for a `go (` or `toolchain (` block. */
  unknownBlockType: (verb: string) => `unknown block type: ${verb}`,
  unreadableVersion: (version: string) => `cannot read the Go version "${version}"`,
  alreadyFixed: (version: string) => `${version} already emits atomic non-leaf epilogues`,
  notAReleaseName: (version: string) => `"${version}" is not a Go release name like go1.24.6`,
  goCommandTooOld: (running: string | undefined, version: string) =>
    `${running} does not understand the toolchain directive (added in go1.21); install ${version} instead`,
  belowGoLine: (go: string, version: string) => `go.mod says go ${go}; toolchain ${version} would be lower than the go line`,
  alreadySays: (version: string) => `go.mod already says toolchain ${version}`,
  alreadyNewer: (current: string, version: string) => `go.mod already asks for toolchain ${current}, newer than ${version}`,
  alreadyAsks: (current: string) => `go.mod already asks for toolchain ${current}`,
  goLineBelow121: "go.mod's go line is below 1.21: go1.20 and older cannot read a toolchain line",
};

/** Why a module could not be analysed at all (`scan`, the language server). */
export const moduleWords = {
  missingDir: (dir: string) => `${dir} does not exist`,
  notModule: (dir: string) => `${dir} is not a Go module (no go.mod or go.work)`,
  notModuleHint: 'Run the scan in a module root, or create one with `go mod init`.',
  buildFailed: (status: number | null, tail: string) => `go build exited with status ${status}: ${tail}`,
};
