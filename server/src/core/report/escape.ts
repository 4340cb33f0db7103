// Control characters from inputs made visible in human-readable output. Go
// symbols, file names (of sources, of files in a scanned directory, of tar
// entries), the Go version string and listing lines all come from the input:
// a newline in a file name would start a forged line (`::error ...` is a
// GitHub workflow command in a CI log) and an ESC or OSC sequence would drive
// the terminal. Every C0 control except tab, DEL and every C1 control is
// written as a `\n` / `\xNN` / `\u009b` escape, so the text stays one line and
// inert; everything else (UTF-8 names included) is kept. Machine formats
// (JSON, SARIF, GitLab) escape by their own syntax; GitHub workflow commands
// have their own escaping (report/github.ts).

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\0': '\\0' };

/** Matches what escapeControl rewrites: C0 controls but tab, DEL, C1 controls. */
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

/** `s` with control characters (except tab) written as visible escapes: the result holds no line break and no terminal sequence. */
export function escapeControl(s: string): string {
  return s.replace(
    CONTROL,
    (c) =>
      NAMED[c] ??
      (c.charCodeAt(0) < 0x80
        ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`
        : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}

/** Several lines of text (a message with details): each line escaped, the line breaks between them kept. */
export function escapeLines(text: string): string {
  return text.split('\n').map(escapeControl).join('\n');
}
