// Validators for schedule-related stack config, accepting exactly what the Kubernetes API server
// and Go accept. Each function mirrors an upstream routine, named in its comment:
//   - Go `time.ParseDuration`                        (golang/go src/time/format.go)
//   - robfig/cron v3.0.1 `ParseStandard`             (parser.go, spec.go, as vendored by Kubernetes)
//   - Kubernetes `validateScheduleFormat` / `validateTimeZone`
//       (kubernetes/kubernetes pkg/apis/batch/validation/validation.go)
// Reasons keep the upstream wording, minus Go's "time: " prefix.

export type GoDuration = { ok: true; nanoseconds: bigint } | { ok: false; reason: string };

const MAX = 1n << 63n; // Go works in uint64 and allows magnitudes up to 1<<63 before applying the sign.
const q = JSON.stringify; // stands in for Go's quote()

const UNITS = new Map<string, bigint>([
  ["ns", 1n],
  ["us", 1_000n],
  ["\u00b5s", 1_000n], // U+00B5 micro sign
  ["\u03bcs", 1_000n], // U+03BC Greek small letter mu
  ["ms", 1_000_000n],
  ["s", 1_000_000_000n],
  ["m", 60_000_000_000n],
  ["h", 3_600_000_000_000n],
]);

/** Go's `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or a lone "0". */
export function parseGoDuration(orig: string): GoDuration {
  const invalid: GoDuration = { ok: false, reason: `invalid duration ${q(orig)}` };
  let s = orig;
  let neg = false;
  if (s[0] === "-" || s[0] === "+") {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return { ok: true, nanoseconds: 0n };
  if (s === "") return invalid;

  let d = 0n;
  while (s !== "") {
    // Each term: the next character must be [0-9.]; integer part, optional fraction, unit.
    if (!/^[0-9.]/.test(s)) return invalid;
    const [term, whole, frac = "", unitName] = /^([0-9]*)(?:\.([0-9]*))?([^0-9.]*)/.exec(s)!;
    s = s.slice(term.length);
    if (whole === "" && frac === "") return invalid; // no digits, e.g. ".s"
    let v = BigInt(whole || "0");
    if (v > MAX) return invalid; // leadingInt overflow

    // leadingFraction: keep digits while they fit, then stop accumulating precision.
    let f = 0n;
    let scale = 1;
    for (const c of frac) {
      const y = f * 10n + BigInt(c);
      if (f > (MAX - 1n) / 10n || y > MAX) break;
      f = y;
      scale *= 10;
    }

    if (unitName === "") return { ok: false, reason: `missing unit in duration ${q(orig)}` };
    const unit = UNITS.get(unitName);
    if (unit === undefined) return { ok: false, reason: `unknown unit ${q(unitName)} in duration ${q(orig)}` };
    if (v > MAX / unit) return invalid;
    v *= unit;
    if (f > 0n) {
      // Go computes the fraction in float64: uint64(float64(f) * (float64(unit) / scale)).
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > MAX) return invalid;
    }
    d += v;
    if (d > MAX) return invalid;
  }
  if (neg) return { ok: true, nanoseconds: -d };
  if (d > MAX - 1n) return invalid;
  return { ok: true, nanoseconds: d };
}

/** A Go duration that is strictly greater than zero. */
export function validatePositiveDuration(s: string): string | undefined {
  const d = parseGoDuration(s);
  if (!d.ok) return d.reason;
  return d.nanoseconds > 0n ? undefined : "must be positive";
}

interface Bounds {
  name: string;
  min: bigint;
  max: bigint;
  names?: Map<string, bigint>;
}

const named = (list: string, first: number) =>
  new Map(list.split(" ").map((n, i) => [n, BigInt(first + i)] as [string, bigint]));

// robfig/cron spec.go: the bounds of the five standard fields (no seconds; day of week stops at 6).
const FIELDS: Bounds[] = [
  { name: "minute", min: 0n, max: 59n },
  { name: "hour", min: 0n, max: 23n },
  { name: "day of month", min: 1n, max: 31n },
  { name: "month", min: 1n, max: 12n, names: named("jan feb mar apr may jun jul aug sep oct nov dec", 1) },
  { name: "day of week", min: 0n, max: 6n, names: named("sun mon tue wed thu fri sat", 0) },
];

const DESCRIPTORS = new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]);

/** Go's strings.Fields splits on unicode.IsSpace, i.e. the Unicode White_Space property. */
const GO_SPACE = /\p{White_Space}+/u;

/**
 * `CronJob.spec.schedule` as the Kubernetes API server (1.29+) accepts it on create:
 * robfig/cron v3 `ParseStandard`, and no "TZ" anywhere in the string.
 */
export function validateCronSchedule(schedule: string): string | undefined {
  if (schedule === "") return "schedule is required";
  // validateScheduleFormat: a new schedule may not contain "TZ" at all (case-sensitive substring).
  if (schedule.includes("TZ")) return "cannot use TZ or CRON_TZ in schedule, use timeZone field instead";

  // Parser.Parse: descriptors are matched on the untrimmed string.
  if (schedule.startsWith("@")) {
    if (DESCRIPTORS.has(schedule)) return undefined;
    if (schedule.startsWith("@every ")) {
      // Every() rounds any parsed duration (zero and negative too) up to one second: no sign check.
      const d = parseGoDuration(schedule.slice("@every ".length));
      return d.ok ? undefined : `failed to parse duration ${schedule}: ${d.reason}`;
    }
    return `unrecognized descriptor: ${schedule}`;
  }

  const fields = schedule.split(GO_SPACE).filter((f) => f !== "");
  if (fields.length !== FIELDS.length) {
    return `expected exactly ${FIELDS.length} fields, found ${fields.length}: [${fields.join(" ")}]`;
  }
  for (const [i, field] of fields.entries()) {
    // getField: a comma-separated list of ranges; empty items are skipped (strings.FieldsFunc).
    for (const expr of field.split(",").filter((r) => r !== "")) {
      const err = checkRange(expr, FIELDS[i]);
      if (err !== undefined) return `${FIELDS[i].name}: ${err}`;
    }
  }
  return undefined;
}

/** robfig getRange: `number | number "-" number [ "/" number ]`, `*` or `?` for the whole range. */
function checkRange(expr: string, b: Bounds): string | undefined {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = rangeAndStep[0].split("-");
  let start = b.min;
  let end = b.max;
  // Anything after a leading "*" or "?" and before the "/" is ignored upstream ("*-5" is "*").
  if (lowAndHigh[0] !== "*" && lowAndHigh[0] !== "?") {
    const lo = parseIntOrName(lowAndHigh[0], b.names);
    if (typeof lo === "string") return lo;
    start = end = lo;
    if (lowAndHigh.length === 2) {
      const hi = parseIntOrName(lowAndHigh[1], b.names);
      if (typeof hi === "string") return hi;
      end = hi;
    } else if (lowAndHigh.length > 2) {
      return `too many hyphens: ${expr}`;
    }
  }

  let step = 1n;
  if (rangeAndStep.length === 2) {
    const n = atoi(rangeAndStep[1]);
    if (typeof n === "string") return n;
    step = n;
    if (lowAndHigh.length === 1) end = b.max; // "N/step" means "N-max/step"
  } else if (rangeAndStep.length > 2) {
    return `too many slashes: ${expr}`;
  }

  if (start < b.min) return `beginning of range (${start}) below minimum (${b.min}): ${expr}`;
  if (end > b.max) return `end of range (${end}) above maximum (${b.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0n) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

function parseIntOrName(expr: string, names?: Map<string, bigint>): bigint | string {
  // Go's strings.ToLower maps U+0130 to a plain "i"; JavaScript adds a combining dot.
  return names?.get(expr.replace(/\u0130/g, "i").toLowerCase()) ?? atoi(expr);
}

/** robfig mustParseInt: Go's strconv.Atoi (optional sign, ASCII digits, int64), then >= 0. */
function atoi(expr: string): bigint | string {
  const fail = (why: string) =>
    `failed to parse int from ${expr}: strconv.Atoi: parsing ${q(expr)}: ${why}`;
  if (!/^[+-]?[0-9]+$/.test(expr)) return fail("invalid syntax");
  const n = BigInt(expr);
  if (n < -MAX || n > MAX - 1n) return fail("value out of range");
  if (n < 0n) return `negative number (${n}) not allowed: ${expr}`;
  return n;
}

// validateTimeZone's per-component rule (IANA naming, plus digits and "+" for legacy names).
const ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

// Zone IDs that ICU accepts but the IANA database (and so Go's time.LoadLocation) does not:
// ICU's Java-compatibility abbreviations, and names IANA has removed.
const ICU_ONLY = new Set([
  ..."ACT AET AGT ART AST BET BST CAT CNT CST CTT EAT ECT IET IST JST MIT NET NST PLT PNT PRT PST SST VST".split(" "),
  "US/Pacific-New",
  "Canada/East-Saskatchewan",
]);

let knownCase: Map<string, string> | undefined;

/**
 * `CronJob.spec.timeZone` as Kubernetes validates it (`validateTimeZone`): IANA-shaped components,
 * not "Local", and a name Go's `time.LoadLocation` can load.
 *
 * Approximation: we have no tz database here, so "loadable" means ICU knows the zone (Intl), which
 * covers IANA's canonical names and its backward-compatible aliases ("US/Eastern", "Etc/UTC").
 * ICU matches names case-insensitively where Go's lookup is exact, so each component must also be
 * cased as in ICU's canonical list (`Intl.supportedValuesOf`) or, for components only aliases use,
 * look IANA-cased (see below); an alias cased in some other plausible way ("Us/Eastern") still
 * passes. Names ICU knows but IANA dropped are refused explicitly (ICU_ONLY, SystemV/*); IANA's
 * "Factory" pseudo-zone, which ICU lacks, is refused although Go loads it.
 * Checked against Go 1.19 `time.LoadLocation` over Debian tzdata 2025b: every name it loads but
 * "Factory" is accepted here; lower- and upper-cased variants of all of them are refused.
 */
export function validateTimeZone(tz: string): string | undefined {
  if (tz === "") return "timeZone must be nil or non-empty string";
  const unknown = `unknown time zone ${tz}`;
  const parts = tz.split("/");
  if (parts.some((p) => p === "." || p === ".." || p.startsWith("-") || !ZONE_PART.test(p))) {
    return unknown;
  }
  if (tz.toLowerCase() === "local") {
    return "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones";
  }
  if (tz === "UTC") return undefined; // time.LoadLocation special-cases it

  if (ICU_ONLY.has(tz) || parts[0] === "SystemV") return unknown;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
  } catch {
    return unknown;
  }
  const casing = (knownCase ??= new Map(
    [...Intl.supportedValuesOf("timeZone"), "UTC", "Etc/UTC", "GMT", "Etc/GMT"]
      .flatMap((zone) => zone.split("/"))
      .map((p) => [p.toLowerCase(), p] as [string, string]),
  ));
  const badCase = parts.some((p) => {
    const cased = casing.get(p.toLowerCase());
    if (cased !== undefined) return cased !== p;
    // A component only aliases use: IANA capitalises its first letter and writes no word in
    // capitals beyond three-letter abbreviations ("US", "PRC", "EST5EDT"), except "NZ-CHAT".
    return !/^[A-Z]/.test(p) || (/[A-Z]{4}/.test(p) && !/[a-z]/.test(p) && p !== "NZ-CHAT");
  });
  return badCase ? unknown : undefined;
}

/** Gaps between consecutive runs of a schedule, in seconds; `never` when it never fires. */
export type ScheduleGaps = { min: number; max: number } | "never";

const DESCRIPTOR_SPECS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

/** robfig getRange as a set of values, and whether the field is a bare `*`/`?` (its "star bit", cleared by a step > 1). */
function expandField(field: string, b: Bounds): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  let star = false;
  for (const expr of field.split(",").filter((r) => r !== "")) {
    const [range, stepText] = expr.split("/");
    const lowAndHigh = range.split("-");
    let start = Number(b.min);
    let end = Number(b.max);
    let extraStar = false;
    if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") extraStar = true;
    else {
      start = end = Number(parseIntOrName(lowAndHigh[0], b.names));
      if (lowAndHigh.length === 2) end = Number(parseIntOrName(lowAndHigh[1], b.names));
    }
    let step = 1;
    if (stepText !== undefined) {
      step = Number(atoi(stepText));
      if (lowAndHigh.length === 1 && !extraStar) end = Number(b.max);
      if (step > 1) extraStar = false;
    }
    star ||= extraStar;
    for (let v = start; v <= end; v += step) values.add(v);
  }
  return { values, star };
}

/**
 * The shortest and longest time between two runs of a valid CronJob schedule (validateCronSchedule), in the
 * schedule's own time zone and ignoring daylight-saving shifts: robfig/cron's matching (a day matches when
 * both day fields do if either is `*`, otherwise when either does) over eight years of days, which covers
 * every leap-year pattern a schedule can name. `@every d` runs every d, at least a second (robfig Every).
 */
export function scheduleGaps(schedule: string): ScheduleGaps {
  if (schedule.startsWith("@every ")) {
    const d = parseGoDuration(schedule.slice("@every ".length));
    const seconds = d.ok ? Math.max(1, Math.floor(Number(d.nanoseconds) / 1e9)) : 1;
    return { min: seconds, max: seconds };
  }
  const spec = DESCRIPTOR_SPECS[schedule] ?? schedule;
  const fields = spec.split(GO_SPACE).filter((f) => f !== "");
  const [minute, hour, dom, month, dow] = fields.map((f, i) => expandField(f, FIELDS[i]));
  const times = [...hour.values].sort((a, b) => a - b).flatMap((h) => [...minute.values].sort((a, b) => a - b).map((m) => h * 60 + m));
  const days: number[] = [];
  const DAY = 86_400_000;
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < 8 * 366; i++) {
    const t = new Date(start + i * DAY);
    const domMatch = dom.values.has(t.getUTCDate());
    const dowMatch = dow.values.has(t.getUTCDay());
    const dayMatch = dom.star || dow.star ? domMatch && dowMatch : domMatch || dowMatch;
    if (dayMatch && month.values.has(t.getUTCMonth() + 1)) days.push(i);
  }
  if (days.length === 0 || times.length === 0) return "never";
  const inDay = times.slice(1).map((t, i) => t - times[i]);
  const span = times[times.length - 1] - times[0];
  const across = days.slice(1).map((d, i) => (d - days[i]) * 1440 - span);
  const gaps = [...inDay, ...across];
  // One run in eight years: the gap is at least that long.
  if (gaps.length === 0) return { min: 8 * 365 * 86_400, max: 8 * 365 * 86_400 };
  return { min: Math.min(...gaps) * 60, max: Math.max(...gaps) * 60 };
}
