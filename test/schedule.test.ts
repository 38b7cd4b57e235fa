// Tables of inputs with the outcome the real upstream code gives. The comment on each row names
// the upstream rule:
//   format.go      golang/go src/time/format.go, ParseDuration (with leadingInt, leadingFraction, unitMap)
//   parser.go      robfig/cron v3.0.1 parser.go (Parse, normalizeFields, getField, getRange,
//                  parseIntOrName, mustParseInt, parseDescriptor), as vendored in kubernetes/kubernetes
//   spec.go        robfig/cron v3.0.1 spec.go, the field bounds and month/day-of-week names
//   constdelay.go  robfig/cron v3.0.1 constantdelay.go, Every()
//   validation.go  kubernetes/kubernetes pkg/apis/batch/validation/validation.go
//                  (validateCronJobSpec, validateScheduleFormat, validateTimeZone)
//   zoneinfo.go    golang/go src/time/zoneinfo.go, LoadLocation
// Every accept/refuse outcome in these tables was also checked against Go 1.19 running that code.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseGoDuration, validateCronSchedule, validatePositiveDuration, validateTimeZone } from "../components/validation/schedule";

const OK = undefined;

// [schedule, expected: OK or a pattern the refusal reason must match]
const schedules: [string, RegExp | undefined][] = [
  ["0 3 * * 0", OK], // spec.go: dow bounds are 0-6, 0 is Sunday
  ["* * * * *", OK], // parser.go getRange: "*" is the whole range in every field
  ["*/15 * * * *", OK], // parser.go getRange: "*/15" steps through 0-59
  ["0 0 1 1 *", OK], // spec.go: dom 1-31, month 1-12
  ["59 23 31 12 6", OK], // spec.go: the maximum of every field
  ["0 0 * * 7", /end of range \(7\) above maximum \(6\)/], // spec.go: dow max is 6, so 7 (Sunday elsewhere) is refused
  ["60 * * * *", /above maximum \(59\)/], // spec.go: minutes 0-59
  ["0 24 * * *", /above maximum \(23\)/], // spec.go: hours 0-23
  ["0 0 0 * *", /below minimum \(1\)/], // spec.go: dom starts at 1
  ["0 0 * 13 *", /above maximum \(12\)/], // spec.go: months 1-12
  ["* * * *", /expected exactly 5 fields, found 4/], // parser.go normalizeFields: standardParser has exactly 5 places
  ["0 0 * * * *", /expected exactly 5 fields, found 6/], // parser.go normalizeFields: no seconds field in ParseStandard
  ["@hourly", OK], // parser.go parseDescriptor
  ["@yearly", OK], // parser.go parseDescriptor
  ["@annually", OK], // parser.go parseDescriptor
  ["@monthly", OK], // parser.go parseDescriptor
  ["@weekly", OK], // parser.go parseDescriptor
  ["@daily", OK], // parser.go parseDescriptor
  ["@midnight", OK], // parser.go parseDescriptor
  ["@HOURLY", /unrecognized descriptor/], // parser.go parseDescriptor: exact, case-sensitive switch
  ["@hourly ", /unrecognized descriptor/], // parser.go Parse: the spec is not trimmed before the switch
  ["@every 1h30m", OK], // parser.go parseDescriptor: time.ParseDuration accepts it
  ["@every 0s", OK], // constdelay.go Every: durations under 1s are rounded up to 1s, never refused
  ["@every -5m", OK], // constdelay.go Every: a negative duration is also rounded up to 1s
  ["@every 10", /missing unit in duration "10"/], // format.go ParseDuration: a number needs a unit
  ["@every 1d", /unknown unit "d"/], // format.go unitMap: no day unit
  ["@every", /unrecognized descriptor/], // parser.go parseDescriptor: needs the "@every " prefix with its space
  ["@reboot", /unrecognized descriptor/], // parser.go parseDescriptor: no @reboot in robfig
  ["TZ=UTC 0 3 * * *", /cannot use TZ or CRON_TZ/], // validation.go validateScheduleFormat: strings.Contains(schedule, "TZ") on create
  ["CRON_TZ=UTC 0 3 * * *", /cannot use TZ or CRON_TZ/], // validation.go validateScheduleFormat: same rule
  ["0 3 * * SUN", OK], // spec.go dow names; parser.go parseIntOrName lower-cases
  ["0 3 * JAN-MAR MON-FRI", OK], // spec.go month/dow names, in ranges
  ["0 3 * jan,Jul sat", OK], // parser.go parseIntOrName: strings.ToLower, so any case
  ["0 3 JAN * *", /failed to parse int from JAN/], // spec.go: names only for month and dow
  ["0 3 * * SUNDAY", /failed to parse int from SUNDAY/], // spec.go: only three-letter names
  ["*/0 * * * *", /step of range should be a positive number/], // parser.go getRange: step == 0
  ["5-1 * * * *", /beginning of range \(5\) beyond end of range \(1\)/], // parser.go getRange: start > end
  ["0 3 ? * *", OK], // parser.go getRange: "?" is treated like "*" in any field
  ["? ? ? ? ?", OK], // parser.go getRange: even in the minute field
  ["5/15 * * * *", OK], // parser.go getRange: "N/step" means "N-max/step"
  ["10-40/7 1-5 * * *", OK], // parser.go getRange: range with step
  ["1,2,30-35 * * * *", OK], // parser.go getField: a list of ranges
  ["1,,2 * * * *", OK], // parser.go getField: strings.FieldsFunc drops the empty item
  ["*-5 * * * *", OK], // parser.go getRange: after "*" the "-5" is never read
  ["1-2-3 * * * *", /too many hyphens/], // parser.go getRange
  ["1/2/3 * * * *", /too many slashes/], // parser.go getRange
  ["*/-5 * * * *", /negative number \(-5\) not allowed/], // parser.go mustParseInt
  ["+5 * * * *", OK], // parser.go mustParseInt: strconv.Atoi accepts a leading "+"
  ["1.5 * * * *", /failed to parse int from 1.5/], // parser.go mustParseInt: integers only
  ["*/100 * * * *", OK], // parser.go getRange: a step larger than the range is allowed (minute 0 only)
  ["0\t3  *\n* *", OK], // parser.go Parse: strings.Fields splits on any white space
  ["0\u00a03 * * *", OK], // parser.go Parse: strings.Fields uses unicode.IsSpace, which includes NBSP (5 fields)
  ["0\ufeff3 * * * *", /failed to parse int/], // unicode.IsSpace excludes U+FEFF, so "0\ufeff3" is one field
  [" 0 3 * * * ", OK], // parser.go Parse: strings.Fields ignores leading and trailing space
  ["", /required/], // validation.go validateCronJobSpec: an empty schedule is Required
  ["   ", /expected exactly 5 fields, found 0/], // parser.go normalizeFields
];

// [duration, nanoseconds when Go accepts it, else a pattern for the reason]
const durations: [string, bigint | RegExp][] = [
  ["65s", 65_000_000_000n], // format.go: seconds beyond 59 are fine
  ["1h30m", 5_400_000_000_000n], // format.go: a sequence of terms is summed
  ["1.5h", 5_400_000_000_000n], // format.go: fraction, computed in float64
  [".5s", 500_000_000n], // format.go: digits after the point are enough
  ["5.s", 5_000_000_000n], // format.go: digits before the point are enough
  ["5.", /missing unit in duration "5."/], // format.go: a unit must follow
  [".s", /invalid duration/], // format.go: "no digits (e.g. \".s\")"
  ["0", 0n], // format.go: special case, "0" alone needs no unit
  ["-0", 0n], // format.go: the sign is consumed before the "0" special case
  ["00", /missing unit/], // format.go: only exactly "0" is special
  ["-5s", -5_000_000_000n], // format.go: a leading sign
  ["+5s", 5_000_000_000n], // format.go: [-+]?
  ["10", /missing unit in duration "10"/], // format.go: missing unit
  ["1d", /unknown unit "d" in duration "1d"/], // format.go unitMap: no "d"
  ["1H", /unknown unit "H"/], // format.go unitMap: units are case-sensitive
  ["", /invalid duration ""/], // format.go: empty string
  ["-", /invalid duration/], // format.go: a sign alone
  ["1µs", 1_000n], // format.go unitMap: U+00B5 micro sign
  ["1μs", 1_000n], // format.go unitMap: U+03BC Greek mu
  ["1us", 1_000n], // format.go unitMap
  ["3ms", 3_000_000n], // format.go unitMap
  ["7ns", 7n], // format.go unitMap
  ["9223372036854775807ns", 9_223_372_036_854_775_807n], // format.go: max int64
  ["9223372036854775808ns", /invalid duration/], // format.go: d > 1<<63-1 when positive
  ["-9223372036854775808ns", -9_223_372_036_854_775_808n], // format.go: 1<<63 is allowed when negative
  ["2562047h47m16.854775807s", 9_223_372_036_854_775_807n], // format.go: the largest Duration, by terms
  ["2562048h", /invalid duration/], // format.go: v > 1<<63/unit
  ["1h-5m", /unknown unit "h-"/], // format.go: the unit runs to the next digit or '.', so only one sign
  [" 1h", /invalid duration/], // format.go: each term must start with [0-9.]
  ["1h ", /unknown unit "h "/], // format.go: no trimming
  ["1.0000000000000000000000001s", 1_000_000_000n], // format.go leadingFraction: excess digits are dropped
];

describe("validateCronSchedule (Kubernetes CronJob.spec.schedule on create)", () => {
  for (const [schedule, expected] of schedules) {
    it(`${JSON.stringify(schedule)} is ${expected ? "refused" : "accepted"}`, () => {
      const reason = validateCronSchedule(schedule);
      if (expected === OK) assert.equal(reason, undefined);
      else assert.match(reason ?? "(accepted)", expected);
    });
  }
});

describe("parseGoDuration (Go time.ParseDuration)", () => {
  for (const [input, expected] of durations) {
    it(`${JSON.stringify(input)} ${typeof expected === "bigint" ? `= ${expected}ns` : "is refused"}`, () => {
      const d = parseGoDuration(input);
      if (typeof expected === "bigint") assert.deepEqual(d, { ok: true, nanoseconds: expected });
      else assert.match(d.ok ? "(accepted)" : d.reason, expected);
    });
  }

  it("rounds fractions the way Go's float64 arithmetic does", () => {
    // format.go: v += uint64(float64(f) * (float64(unit) / scale)). Exact arithmetic would give
    // 5999999999999ns for the first; Go (checked) gives 6000000000000ns.
    assert.deepEqual(parseGoDuration("1.6666666666666666666h"), { ok: true, nanoseconds: 6_000_000_000_000n });
    assert.deepEqual(parseGoDuration("0.1h"), { ok: true, nanoseconds: 360_000_000_000n });
    assert.deepEqual(parseGoDuration("1.000000001s"), { ok: true, nanoseconds: 1_000_000_001n });
  });
});

describe("validatePositiveDuration", () => {
  const cases: [string, RegExp | undefined][] = [
    ["65s", OK],
    ["1ns", OK],
    ["0", /must be positive/], // valid in Go (format.go special case) but zero
    ["0s", /must be positive/],
    ["-5s", /must be positive/], // valid in Go, negative
    ["10", /missing unit/], // the Go parse error is passed through
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} is ${expected ? "refused" : "accepted"}`, () => {
      const reason = validatePositiveDuration(input);
      if (expected === OK) assert.equal(reason, undefined);
      else assert.match(reason ?? "(accepted)", expected);
    });
  }
});

describe("validateTimeZone (Kubernetes CronJob.spec.timeZone)", () => {
  const cases: [string, RegExp | undefined][] = [
    ["Europe/Paris", OK], // an IANA canonical name
    ["UTC", OK], // zoneinfo.go LoadLocation: special case
    ["Etc/UTC", OK], // IANA alias of UTC
    ["US/Eastern", OK], // IANA backward alias, loadable in Go
    ["Asia/Kolkata", OK], // IANA name that ICU lists under its older spelling Asia/Calcutta
    ["Europe/Kyiv", OK], // same, ICU canonical is Europe/Kiev
    ["America/Argentina/ComodRivadavia", OK], // three components, one of 14 characters
    ["Etc/GMT+5", OK], // validation.go: digits and "+" are tolerated for legacy names
    ["EST5EDT", OK], // IANA legacy zone
    ["Local", /explicit time zone/], // validation.go: strings.EqualFold(timeZone, "Local")
    ["local", /explicit time zone/], // EqualFold, so any case
    ["", /non-empty/], // validation.go: "timeZone must be nil or non-empty string"
    ["europe/paris", /unknown time zone/], // LoadLocation reads a file by exact name
    ["EUROPE/PARIS", /unknown time zone/],
    ["US/EASTERN", /unknown time zone/],
    ["Europe/Pariss", /unknown time zone/], // not in the database
    ["Europe//Paris", /unknown time zone/], // validation.go: empty component fails {1,14}
    ["/UTC", /unknown time zone/], // validation.go: empty component
    ["Europe/../UTC", /unknown time zone/], // validation.go: ".." component
    ["Etc/-UTC", /unknown time zone/], // validation.go: component starting with "-"
    ["America/Argentina_Buenos_Aires_x", /unknown time zone/], // validation.go: component over 14 characters
    ["Europe/Paris ", /unknown time zone/], // validation.go: space is not an allowed character
    ["+05:00", /unknown time zone/], // validation.go: ":" is not an allowed character
    ["PST", /unknown time zone/], // ICU's Java-style ID, not an IANA zone
    ["SystemV/AST4", /unknown time zone/], // removed from IANA in 2020b, still in ICU
    ["Etc/GMT+15", /unknown time zone/], // IANA stops at Etc/GMT+12
  ];
  for (const [tz, expected] of cases) {
    it(`${JSON.stringify(tz)} is ${expected ? "refused" : "accepted"}`, () => {
      const reason = validateTimeZone(tz);
      if (expected === OK) assert.equal(reason, undefined);
      else assert.match(reason ?? "(accepted)", expected);
    });
  }

  it("accepts every zone ICU lists as canonical", () => {
    const refused = Intl.supportedValuesOf("timeZone").filter((tz) => validateTimeZone(tz) !== undefined);
    assert.deepEqual(refused, []);
  });
});
