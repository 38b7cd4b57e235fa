// The Kubernetes syntax rules config values are held to before anything is registered: quantities, CIDRs, IP
// addresses, qualified names and label values, as the API server parses them.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cidrProblem, isIp, labelValueProblem, qualifiedNameProblem, quantityValue, resources } from "../components/validation/k8s-shapes";

describe("quantities (resource.ParseQuantity)", () => {
    it("values of the suffixes", () => {
        const cases: [string, number][] = [["500m", 0.5], ["2", 2], ["1.5", 1.5], [".5", 0.5], ["256Mi", 256 * 2 ** 20], ["1Gi", 2 ** 30], ["1G", 1e9], ["1k", 1000], ["100n", 1e-7], ["1e3", 1000], ["1E", 1e18], ["+1", 1]];
        for (const [q, v] of cases) assert.ok(Math.abs(quantityValue(q)! - v) < 1e-12 * Math.max(1, v), `${q} = ${v}, got ${quantityValue(q)}`);
    });
    it("refuses what the API server refuses", () => {
        for (const q of ["1.5 cores", "", "Mi", "1MB", "1mi", "1KiB", "0x10", "1 "]) assert.equal(quantityValue(q), undefined, q);
    });
    it("resources: numbers become strings; negative values and requests above limits are refused", () => {
        assert.deepEqual(resources.parse({ requests: { cpu: 1 }, limits: { cpu: "2" } }), { requests: { cpu: "1" }, limits: { cpu: "2" } });
        assert.equal(resources.safeParse({ requests: { cpu: "-1" } }).success, false);
        assert.equal(resources.safeParse({ requests: { memory: "2Gi" }, limits: { memory: "2000Mi" } }).success, false);
        assert.equal(resources.safeParse({ requests: { memory: "2000Mi" }, limits: { memory: "2Gi" } }).success, true);
    });
});

describe("addresses", () => {
    it("IPv4 and IPv6", () => {
        for (const ip of ["10.0.0.1", "0.0.0.0", "255.255.255.255", "::", "::1", "2001:db8::1", "fe80::1:2:3:4", "::ffff:10.0.0.1", "1:2:3:4:5:6:7:8"]) assert.ok(isIp(ip), ip);
        for (const ip of ["10.0.0.256", "10.0.0", "010.0.0.1", "1:2:3:4:5:6:7:8:9", "1::2::3", "gloo", "::ffff:10.0.0.300", ":1", "1:"]) assert.equal(isIp(ip), false, ip);
    });
    it("CIDRs", () => {
        for (const c of ["10.0.0.0/8", "0.0.0.0/0", "192.168.0.0/16", "2001:db8::/32", "::/0", "10.0.0.1/32"]) assert.equal(cidrProblem(c), undefined, c);
        assert.match(cidrProblem("10.0.0.0")!, /must be a CIDR/);
        assert.match(cidrProblem("10.0.0.0/33")!, /0 to 32/);
        assert.match(cidrProblem("2001:db8::/129")!, /0 to 128/);
        assert.match(cidrProblem("10.0.0.0/08")!, /0 to 32/);
        assert.match(cidrProblem("example.com/8")!, /not an IPv4 or IPv6 address/);
    });
});

describe("label keys and values", () => {
    it("qualified names: optional DNS-subdomain prefix, a 63-character name", () => {
        for (const k of ["app", "example.com/owner", "node-role.kubernetes.io/control", "a_b.c-d"]) assert.equal(qualifiedNameProblem(k), undefined, k);
        for (const k of ["bad key", "-a", "a/b/c", "Example.com/x", `${"x".repeat(64)}`, "example.com/", ""]) assert.ok(qualifiedNameProblem(k), k);
    });
    it("values: empty or up to 63 alphanumerics with - _ .", () => {
        for (const v of ["", "1", "platform", "a.b-c_d"]) assert.equal(labelValueProblem(v), undefined, v);
        for (const v of ["-a", "a b", "x".repeat(64), "a/b"]) assert.ok(labelValueProblem(v), v);
    });
});
