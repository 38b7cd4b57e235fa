// The `random` provider's resources (RandomId, RandomString, RandomPassword, RandomPet, RandomUuid*,
// RandomInteger, RandomShuffle, RandomBytes): its schema's defaults and checks, deterministic values.
import type { Drbg } from "./drbg";
import { Handler, intInput } from "./provider";

const randomId: Handler = {
    defaults: {},
    missing: () => false,
    async create({ inputs, rng }) {
        const n = intInput(inputs, "byteLength", "byte_length", undefined, 1);
        const bytes = rng().bytes(n);
        const prefix = typeof inputs.prefix === "string" ? inputs.prefix : "";
        const id = bytes.toString("base64url");
        return {
            id,
            outputs: {
                b64Url: prefix + id,
                b64Std: prefix + bytes.toString("base64"),
                hex: prefix + bytes.toString("hex"),
                dec: prefix + BigInt(`0x${bytes.toString("hex")}`).toString(10),
            },
        };
    },
};

const STRING_DEFAULTS = { special: true, upper: true, lower: true, numeric: true, number: true, minLower: 0, minUpper: 0, minNumeric: 0, minSpecial: 0 };

/** terraform-provider-random's CreateString. */
function randomStringValue(inputs: Record<string, any>, rng: Drbg): string {
    const length = intInput(inputs, "length", "length", undefined, 1);
    const flag = (k: string) => (inputs[k] === undefined ? true : inputs[k] === true);
    const { numeric } = numericFlags(inputs);
    const mins = {
        numeric: intInput(inputs, "minNumeric", "min_numeric", 0, 0),
        lower: intInput(inputs, "minLower", "min_lower", 0, 0),
        upper: intInput(inputs, "minUpper", "min_upper", 0, 0),
        special: intInput(inputs, "minSpecial", "min_special", 0, 0),
    };
    const total = mins.numeric + mins.lower + mins.upper + mins.special;
    if (length < total) throw new Error(`length (${length}) must be >= min_upper + min_lower + min_numeric + min_special (${total})`);
    const numChars = "0123456789";
    const lowerChars = "abcdefghijklmnopqrstuvwxyz";
    const upperChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const specialChars = typeof inputs.overrideSpecial === "string" && inputs.overrideSpecial !== "" ? inputs.overrideSpecial : "!@#$%&*()-_=+[]{}<>:?";
    let chars = "";
    if (flag("upper")) chars += upperChars;
    if (flag("lower")) chars += lowerChars;
    if (numeric) chars += numChars;
    if (flag("special")) chars += specialChars;
    const pick = (set: string, n: number) => {
        let out = "";
        for (let i = 0; i < n; i++) out += set[rng.below(set.length)];
        return out;
    };
    // Minimums are honoured even for a disabled class, as the provider does.
    let result = pick(numChars, mins.numeric) + pick(lowerChars, mins.lower) + pick(upperChars, mins.upper) + pick(specialChars, mins.special);
    if (length - result.length > 0 && chars.length === 0) throw new Error("error generating random bytes: no characters to choose from");
    result += pick(chars, length - result.length);
    const order = rng.bytes(result.length);
    return [...result]
        .map((c, i) => ({ c, o: order[i] }))
        .sort((a, b) => a.o - b.o)
        .map((x) => x.c)
        .join("");
}

/** The provider keeps the deprecated `number` and `numeric` in step. */
function numericFlags(inputs: Record<string, any>): { number: boolean; numeric: boolean } {
    const numeric = inputs.numeric !== undefined ? inputs.numeric === true : inputs.number !== false;
    return { number: numeric, numeric };
}

const randomString: Handler = {
    defaults: STRING_DEFAULTS,
    missing: () => false,
    async create({ inputs, rng }) {
        const result = randomStringValue(inputs, rng());
        return { id: result, outputs: { result, ...numericFlags(inputs) } };
    },
};

const randomPassword: Handler = {
    defaults: STRING_DEFAULTS,
    secretOutputs: ["bcryptHash", "result"],
    missing: () => false,
    async create({ inputs, rng }) {
        // bcryptHash is not computed (no bcrypt in node:crypto).
        return { id: "none", outputs: { result: randomStringValue(inputs, rng()), ...numericFlags(inputs) } };
    },
};

function uuidFrom(bytes: Buffer, version: number): string {
    const b = Buffer.from(bytes.subarray(0, 16));
    b[6] = (b[6] & 0x0f) | (version << 4);
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = b.toString("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
const uuidHandler = (version: number): Handler => ({
    defaults: {},
    missing: () => false,
    async create({ rng }) {
        const result = uuidFrom(rng().bytes(16), version);
        return { id: result, outputs: { result } };
    },
});

const ADVERBS = ["abnormally", "absolutely", "actually", "adequately", "amazingly", "briefly", "calmly", "carefully", "certainly", "closely", "correctly", "deeply", "easily", "evenly", "fairly", "finally", "firmly", "freely", "gently", "gladly", "happily", "highly", "honestly", "ideally", "jointly", "kindly", "largely", "lively", "loudly", "mainly", "merely", "mostly", "namely", "nicely", "openly", "partly", "mildly", "quickly", "quietly", "rapidly", "really", "simply", "slowly", "smoothly", "solely", "surely", "truly", "vastly", "wholly", "widely"];
const ADJECTIVES = ["able", "amazed", "amused", "apt", "awake", "bold", "brave", "bright", "busy", "calm", "capital", "charming", "clean", "clever", "cool", "cosmic", "crisp", "daring", "dear", "eager", "enabled", "epic", "exotic", "fair", "fancy", "fast", "firm", "fit", "fluent", "fond", "free", "fresh", "full", "game", "genuine", "giving", "glad", "golden", "good", "grand", "great", "happy", "hardy", "helpful", "holy", "honest", "humble", "ideal", "immune", "keen", "kind", "large", "lasting", "legal", "liberal", "live", "logical", "loved", "loyal", "lucky", "magical", "main", "master", "merry", "mighty", "modern", "moved", "native", "neat", "next", "nice", "noble", "normal", "open", "optimal", "patient", "perfect", "pleased", "polite", "popular", "precious", "present", "proper", "proud", "quick", "quiet", "rapid", "ready", "real", "relaxed", "renewed", "rich", "right", "robust", "sacred", "safe", "secure", "select", "sharp", "shining", "simple", "smart", "smooth", "solid", "special", "stable", "steady", "still", "strong", "super", "sure", "sweet", "swift", "tender", "thankful", "tidy", "tight", "topical", "true", "trusty", "up", "usable", "valid", "vast", "verified", "vital", "warm", "welcome", "well", "wise", "witty", "worthy"];
const NAMES = ["aardvark", "ant", "baboon", "badger", "bass", "bat", "bear", "beetle", "bird", "bison", "boa", "bobcat", "buck", "bull", "calf", "camel", "cardinal", "cat", "cattle", "chamois", "cheetah", "chicken", "chimp", "cicada", "clam", "cobra", "cod", "colt", "condor", "cougar", "cow", "coyote", "crab", "crane", "cricket", "crow", "deer", "dingo", "dodo", "doe", "dog", "dolphin", "donkey", "dory", "dove", "dragon", "duck", "eagle", "eel", "elf", "elk", "emu", "falcon", "ferret", "finch", "fish", "flamingo", "fly", "foal", "fowl", "fox", "frog", "gar", "gazelle", "gecko", "gibbon", "giraffe", "gnat", "gnu", "goat", "goose", "gopher", "gorilla", "grouse", "grub", "gull", "haddock", "hamster", "hare", "hawk", "hen", "heron", "herring", "hog", "hornet", "horse", "hound", "husky", "hyena", "ibex", "iguana", "impala", "insect", "jackal", "jaguar", "jay", "kid", "kingfish", "kit", "kite", "kiwi", "koala", "lamb", "lark", "leech", "lemming", "lemur", "leopard", "liger", "lion", "lizard", "llama", "lobster", "locust", "loon", "louse", "lynx", "macaque", "macaw", "mako", "mallard", "mammal", "mammoth", "manatee", "mantis", "marlin", "marmot", "marten", "mastodon", "mayfly", "mink", "mite", "mole", "mollusk", "monkey", "moose", "moray", "moth", "mouse", "mule", "mustang", "mutt", "newt", "ocelot", "octopus", "opossum", "orca", "oriole", "oryx", "osprey", "owl", "ox", "oyster", "panda", "panther", "parakeet", "parrot", "peacock", "pegasus", "pelican", "penguin", "perch", "pheasant", "pig", "pigeon", "pika", "polliwog", "pony", "poodle", "porpoise", "possum", "prawn", "primate", "puma", "pup", "python", "quagga", "quail", "rabbit", "raccoon", "ram", "raptor", "rat", "raven", "ray", "redbird", "redfish", "reindeer", "reptile", "rhino", "robin", "rodent", "rooster", "sailfish", "salmon", "seal", "shark", "sheep", "shiner", "shrew", "shrimp", "skink", "skunk", "sloth", "slug", "snail", "snake", "snapper", "snipe", "sole", "sparrow", "spider", "squid", "squirrel", "stag", "starling", "stork", "sturgeon", "swan", "swift", "tadpole", "tahr", "tapir", "tarpon", "termite", "tetra", "thrush", "tick", "tiger", "toad", "tomcat", "tortoise", "toucan", "trout", "tuna", "turkey", "turtle", "unicorn", "urchin", "vervet", "viper", "vulture", "wahoo", "walleye", "walrus", "warthog", "wasp", "weasel", "whale", "whippet", "wildcat", "wolf", "wombat", "worm", "wren", "yak", "zebra"];

const randomPet: Handler = {
    defaults: { length: 2, separator: "-" },
    missing: () => false,
    async create({ inputs, rng }) {
        const length = intInput(inputs, "length", "length", 2, 1);
        const separator = typeof inputs.separator === "string" ? inputs.separator : "-";
        const r = rng();
        const pick = (words: string[]) => words[r.below(words.length)];
        // dustinkirkland/golang-petname: adverbs..., adjective, name.
        const words = length === 1 ? [pick(NAMES)] : [...Array.from({ length: length - 2 }, () => pick(ADVERBS)), pick(ADJECTIVES), pick(NAMES)];
        let pet = words.join(separator).toLowerCase();
        if (typeof inputs.prefix === "string" && inputs.prefix !== "") pet = `${inputs.prefix}${separator}${pet}`;
        return { id: pet, outputs: {} };
    },
};

const randomInteger: Handler = {
    defaults: {},
    missing: () => false,
    async create({ inputs, rng }) {
        const min = intInput(inputs, "min", "min", undefined, Number.MIN_SAFE_INTEGER);
        const max = intInput(inputs, "max", "max", undefined, Number.MIN_SAFE_INTEGER);
        if (max < min) throw new Error("Invalid minimum and maximum values: minimum value needs to be smaller than or equal to maximum value");
        const result = Number(rng().belowBig(BigInt(max) - BigInt(min) + 1n) + BigInt(min));
        return { id: String(result), outputs: { result } };
    },
};

const randomShuffle: Handler = {
    defaults: {},
    missing: () => false,
    async create({ inputs, rng }) {
        const list: unknown[] = Array.isArray(inputs.inputs) ? inputs.inputs : [];
        const count = typeof inputs.resultCount === "number" && inputs.resultCount > 0 ? inputs.resultCount : list.length;
        const r = rng();
        const results: unknown[] = [];
        while (list.length > 0 && results.length < count) {
            for (const i of r.perm(list.length)) {
                results.push(list[i]);
                if (results.length >= count) break;
            }
        }
        return { id: "-", outputs: { results } };
    },
};

const randomBytes: Handler = {
    defaults: {},
    secretOutputs: ["base64", "hex"],
    missing: () => false,
    async create({ inputs, rng }) {
        const bytes = rng().bytes(intInput(inputs, "length", "length", undefined, 1));
        return { id: "none", outputs: { base64: bytes.toString("base64"), hex: bytes.toString("hex") } };
    },
};

export const RANDOM_HANDLERS: Record<string, Handler> = {
    "random:index/randomId:RandomId": randomId,
    "random:index/randomString:RandomString": randomString,
    "random:index/randomPassword:RandomPassword": randomPassword,
    "random:index/randomPet:RandomPet": randomPet,
    "random:index/randomUuid:RandomUuid": uuidHandler(4),
    "random:index/randomUuid4:RandomUuid4": uuidHandler(4),
    "random:index/randomUuid7:RandomUuid7": uuidHandler(7),
    "random:index/randomInteger:RandomInteger": randomInteger,
    "random:index/randomShuffle:RandomShuffle": randomShuffle,
    "random:index/randomBytes:RandomBytes": randomBytes,
};
