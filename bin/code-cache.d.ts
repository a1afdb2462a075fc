/** The bundle run through V8's code cache (code-cache.js). */
export declare function loadBundle(bundle: string): {
  exports: { main(argv: string[]): Promise<number> };
  /** Whether V8 took the cache written by an earlier run. */
  cached: boolean;
  /** Writes the cache, when V8 did not take one. */
  saveCache(): void;
};
