// Parser + detector wired together: feed listing bytes, get findings. Used
// on a live `go build` stream and on a saved listing alike.
import { loadArm64Decoder, type Arm64Decoder } from '../decode/decoder';
import { detectFindings } from './detector';
import { functionKey } from './inlineTrace';
import { ListingParser } from './listingParser';
import type { BuildError, Finding, FunctionListing } from '../types';

export interface ListingAnalysisOptions {
  /** Keep Progs and code of functions with findings (hover, assembly view). */
  keepFunctions?: boolean;
  /** Keep these functions whatever their findings. */
  keepAllFunctions?: (symbol: string) => boolean;
  onProgress?: (p: { bytes: number; functions: number; packagePath: string }) => void;
}

export interface ListingAnalysis {
  findings: Finding[];
  errors: BuildError[];
  functions: FunctionListing[];
  listingBytes: number;
  functionCount: number;
  /** Set when the listing stopped inside a function. */
  truncated?: string;
  /** The size of each function with findings, by functionKey (checks a later inline trace). */
  sizes: Map<string, number>;
}

const PROGRESS_EVERY = 4 * 1024 * 1024;

export class ListingAnalyzer {
  private readonly result: ListingAnalysis = {
    findings: [],
    errors: [],
    functions: [],
    listingBytes: 0,
    functionCount: 0,
    sizes: new Map(),
  };
  private readonly parser: ListingParser;
  private nextProgress = PROGRESS_EVERY;

  private constructor(
    private readonly decoder: Arm64Decoder,
    private readonly opts: ListingAnalysisOptions,
  ) {
    this.parser = new ListingParser(
      {
        onFunction: (fn) => this.onFunction(fn),
        onError: (err) => this.result.errors.push(err),
      },
      { keepSymbol: opts.keepAllFunctions },
    );
  }

  static async create(opts: ListingAnalysisOptions = {}): Promise<ListingAnalyzer> {
    return new ListingAnalyzer(await loadArm64Decoder(), opts);
  }

  push(chunk: Buffer): void {
    this.parser.push(chunk);
    if (this.opts.onProgress && this.parser.bytes >= this.nextProgress) {
      this.nextProgress = this.parser.bytes + PROGRESS_EVERY;
      this.opts.onProgress({ bytes: this.parser.bytes, functions: this.parser.functions, packagePath: this.parser.packagePath });
    }
  }

  end(): ListingAnalysis {
    this.result.truncated = this.parser.end();
    this.result.listingBytes = this.parser.bytes;
    this.result.functionCount = this.parser.functions;
    return this.result;
  }

  private onFunction(fn: FunctionListing): void {
    const found = detectFindings(fn, this.decoder);
    this.result.findings.push(...found);
    if (found.length > 0) this.result.sizes.set(functionKey(fn.packagePath, fn.symbol), fn.size);
    const keep = (found.length > 0 && this.opts.keepFunctions) || (this.opts.keepAllFunctions?.(fn.symbol) ?? false);
    if (keep) this.result.functions.push(fn);
  }
}

/** Analyses a whole listing stream (a saved `-S` output, stdin). */
export async function analyzeListing(input: NodeJS.ReadableStream, opts: ListingAnalysisOptions = {}): Promise<ListingAnalysis> {
  const analyzer = await ListingAnalyzer.create(opts);
  for await (const chunk of input) analyzer.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return analyzer.end();
}
