/** Folders whose .ts files the bundle is built from. */
export declare const SOURCE_DIRS: readonly string[];
/** dist/clusterfit.cjs under repo when it is newer than every source file, or null. */
export declare function freshBundle(repo: string): string | null;
