// The chart's `kebabcase` (sprig → github.com/huandu/xstrings ToKebabCase, v1.5.0 as bundled by helm v4):
// how a `gatewayProxies` key becomes the names of its objects. Our own implementation of the same word
// splitting, checked against vectors produced by the real helm binary (test/kebab.test.ts).

type WordType = "number" | "upper" | "alpha" | "connector" | "punct" | "other" | "end";
interface Word {
    type: WordType;
    text: string;
}

const isConnector = (c: string) => c === "-" || c === "_" || /^\s$/u.test(c);
const isUpper = (c: string) => /^\p{Lu}$/u.test(c);
const isNumber = (c: string) => /^\p{N}$/u.test(c);
const isPunct = (c: string) => /^\p{P}$/u.test(c);
/** A letter that is not CJK (xstrings treats CJK ideographs as "other"). */
function isAlphabet(c: string): boolean {
    if (!/^\p{L}$/u.test(c)) return false;
    const cp = c.codePointAt(0)!;
    const cjk = (cp >= 0x4e00 && cp <= 0x9fcc) || (cp >= 0x3400 && cp <= 0x4d85) || (cp >= 0x20000 && cp <= 0x2b81d);
    return !cjk;
}

/** Splits into xstrings' words: runs of connectors, punctuation, digits, lower-case letters, capitals, and the rest. */
function words(s: string): Word[] {
    const cs = Array.from(s);
    const out: Word[] = [];
    let i = 0;
    const run = (start: number, keep: (c: string) => boolean) => {
        let j = start;
        while (j < cs.length && keep(cs[j])) j++;
        return j;
    };
    while (i < cs.length) {
        const c = cs[i];
        let end: number;
        let type: WordType;
        if (isConnector(c)) [type, end] = ["connector", run(i + 1, isConnector)];
        else if (isPunct(c)) [type, end] = ["punct", run(i + 1, isPunct)];
        else if (isUpper(c)) {
            type = "upper";
            end = i + 1;
            if (end < cs.length && isUpper(cs[end])) {
                end = run(end, isUpper);
                // "HTTPStatus": the last capital before lower-case letters starts the next word.
                if (end < cs.length && isAlphabet(cs[end])) end--;
            } else if (end < cs.length && isAlphabet(cs[end])) {
                end = run(end, (x) => isAlphabet(x) && !isUpper(x));
            }
        } else if (isAlphabet(c)) [type, end] = ["alpha", run(i + 1, (x) => isAlphabet(x) && !isUpper(x))];
        else if (isNumber(c)) [type, end] = ["number", run(i + 1, isNumber)];
        else [type, end] = ["other", run(i + 1, (x) => !(isConnector(x) || isAlphabet(x) || isNumber(x) || isPunct(x)))];
        out.push({ type, text: cs.slice(i, end).join("") });
        i = end;
    }
    return out;
}

/** xstrings' output of one word: capitals lower-cased and connectors made `-` (only for those two types). */
function lower(w: Word): string {
    if (w.type !== "upper" && w.type !== "connector") return w.text;
    return Array.from(w.text)
        .map((c) => (isConnector(c) ? "-" : isUpper(c) ? c.toLowerCase() : c))
        .join("");
}

/** `{{ key | kebabcase }}` exactly as helm v4 renders it. */
export function kebabCase(key: string): string {
    const ws = words(key);
    if (ws.length === 0) return "";
    const END: Word = { type: "end", text: "" };
    let i = 0;
    const at = (k: number) => ws[k] ?? END;
    let cur = at(0);
    let out = "";
    const next = () => at(++i);
    // `i < ws.length - 1`: there are words after the current one.
    while (i < ws.length - 1) {
        if (cur.type !== "connector") out += lower(cur);
        const prev = cur;
        cur = next();
        switch (prev.type) {
            case "number":
                // Letters and digits after a number stay glued to it ("2m3s").
                while (cur.type === "alpha" || cur.type === "number") {
                    out += lower(cur);
                    cur = next();
                }
                if (cur.type !== "end" && cur.type !== "punct" && cur.type !== "connector") out += "-";
                break;
            case "connector":
                out += lower(prev);
                break;
            case "punct":
                break;
            default: {
                if (cur.type !== "number") {
                    if (cur.type !== "connector" && cur.type !== "punct") out += "-";
                    break;
                }
                if (i >= ws.length - 1) break; // a trailing number stays on its word ("gw2")
                const num = cur;
                cur = next();
                if (cur.type !== "alpha") {
                    // A number before a capital, a connector or punctuation belongs to the word before it ("Bld4Floor").
                    out += lower(num);
                    if (cur.type !== "connector" && cur.type !== "punct") out += "-";
                    break;
                }
                // A number followed by lower-case letters starts a word of its own ("http2xx" → "http-2xx").
                out += "-" + lower(num);
                while (cur.type === "alpha" || cur.type === "number") {
                    out += lower(cur);
                    cur = next();
                }
                if (cur.type !== "end" && cur.type !== "connector" && cur.type !== "punct") out += "-";
            }
        }
    }
    return out + lower(cur);
}
