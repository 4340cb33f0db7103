// The `preempt-guard-asm:` virtual document address: which function, and a
// file of the module it lives in. Pure string work, no `vscode`; the caller
// builds the Uri with Uri.from({ scheme, path, query }) so encoding is VS Code's.
export interface AsmTarget {
  symbol: string;
  /** URI (string) of a file in the function's module. */
  uri: string;
}

/** The path the editor tab shows: `/main.bigStack.s`. */
export function asmPath(symbol: string): string {
  return `/${symbol.replace(/[/\\?#%]/g, '_')}.s`;
}

export function asmQuery(t: AsmTarget): string {
  return JSON.stringify({ symbol: t.symbol, uri: t.uri });
}

/** Reads back what asmQuery wrote; undefined for anything else. */
export function parseAsmQuery(query: string): AsmTarget | undefined {
  try {
    const v: unknown = JSON.parse(query);
    if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      if (typeof o.symbol === 'string' && typeof o.uri === 'string') return { symbol: o.symbol, uri: o.uri };
    }
  } catch {
    // not one of ours
  }
  return undefined;
}
