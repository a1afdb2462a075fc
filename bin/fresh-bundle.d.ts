/** The file, in dist/, listing the bundle's source files (paths from the repository's root). */
export declare const SOURCES_FILE: string;
/** dist/clusterfit.cjs under repo when it is newer than every source file it was built from, or null. */
export declare function freshBundle(repo: string): string | null;
