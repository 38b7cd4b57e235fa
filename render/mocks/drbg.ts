// Deterministic randomness for the emulated `random` resources: the same resource with the same inputs
// gets the same values in every run.
import * as crypto from "node:crypto";

/** A deterministic byte stream: SHA-256(seed || counter). */
export class Drbg {
    private counter = 0;
    private pool = Buffer.alloc(0);
    constructor(private readonly seed: Buffer) {}
    bytes(n: number): Buffer {
        while (this.pool.length < n) {
            const c = Buffer.alloc(4);
            c.writeUInt32BE(this.counter++);
            this.pool = Buffer.concat([this.pool, crypto.createHash("sha256").update(this.seed).update(c).digest()]);
        }
        const out = Buffer.from(this.pool.subarray(0, n));
        this.pool = this.pool.subarray(n);
        return out;
    }
    /** Uniform integer in [0, n). */
    below(n: number): number {
        if (!(n > 0)) throw new Error("invalid argument to Intn");
        return Number(this.belowBig(BigInt(n)));
    }
    belowBig(n: bigint): bigint {
        if (n <= 0n) throw new Error("invalid argument to Int");
        const limit = (1n << 64n) - ((1n << 64n) % n);
        for (;;) {
            const x = this.bytes(8).readBigUInt64BE();
            if (x < limit) return x % n;
        }
    }
    /** A random permutation of 0..n-1 (Fisher-Yates). */
    perm(n: number): number[] {
        const p = [...Array(n).keys()];
        for (let i = n - 1; i > 0; i--) {
            const j = this.below(i + 1);
            [p[i], p[j]] = [p[j], p[i]];
        }
        return p;
    }
}
