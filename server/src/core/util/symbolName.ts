// Go symbol names as the compiler and the pclntab spell them, turned into what
// a person sees in the source (`main.(*T).Method` -> `Method`).

/** `main.(*T).Method` -> `Method`; `main.G[go.shape.int]` -> `G`; closures -> `func`. */
export function sourceName(symbol: string): string {
  let s = '';
  let depth = 0;
  for (const ch of symbol) {
    if (ch === '[') depth++;
    else if (ch === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0) s += ch;
  }
  const parts = s.split('.').filter((p) => p !== '');
  // Closures: main.outer.func1, main.outer.func1.2, main.glob..func1.
  if (parts.some((p) => /^func\d+$/.test(p))) return 'func';
  let last = parts[parts.length - 1] ?? s;
  // `init.0` (several init functions in one package).
  if (/^\d+$/.test(last) && parts.length >= 2) last = parts[parts.length - 2];
  return last.replace(/^\(\*?|\)$/g, '');
}
