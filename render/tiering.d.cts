/** The V8 flags that multiply its tiering budget fourfold for a Node version ("20.20.2"); none for a version not measured. */
export declare function tieringFlags(nodeVersion: string): string[];
/** Sets them in this process. For an entry point, before its work; never on import. */
export declare function tuneTiering(): void;
