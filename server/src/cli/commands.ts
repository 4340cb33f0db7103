// Subcommands implemented outside cli/scan.ts (reproducer, language server).
export type Command = (argv: string[], signal: AbortSignal) => Promise<number>;

export const commands: Record<string, Command> = {};
