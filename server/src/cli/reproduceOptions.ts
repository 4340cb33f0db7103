// The options of `preempt-guard reproduce` for the command table (commands.ts),
// apart from reproduce.ts so that parsing them loads nothing of the reproducer.
export const REPRODUCE_OPTIONS = {
  go: { type: 'string' },
  variant: { type: 'string', default: 'fast' },
  budget: { type: 'string', default: '300' },
  attempts: { type: 'string', default: '1' },
  parallel: { type: 'string', default: '1' },
  godebug: { type: 'string' },
  format: { type: 'string', default: 'text' },
} as const;
