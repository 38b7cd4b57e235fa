/**
 * Offline validator for Envoy v3 configuration objects (bootstrap, clusters, listeners, typed
 * extension configs), so tests can prove that what we generate would be accepted by Envoy without
 * an Envoy binary.
 *
 * It reads the v3 .proto files that `@grpc/grpc-js-xds` ships (with protobufjs) and walks a plain
 * JSON value the way Envoy parses its YAML bootstrap: proto3 JSON with unknown fields rejected,
 * every `google.protobuf.Any` resolved and checked as its `@type`, plus the protoc-gen-validate
 * (PGV) rules Envoy runs after parsing, and deprecated fields reported as errors (we want only
 * the current API).
 *
 * Under ./envoy/: protos.ts loads the protos (by package, as messages are looked up), walk.ts is the
 * proto3 JSON walker (on the value forms of proto-json.ts), rules.ts applies the PGV rules.
 */
import { lookupMessage } from "./envoy/protos";
import { walkMessage } from "./envoy/walk";

/** Validates `value` as the proto3 JSON of message `typeName`; returns errors (empty = valid). */
export function validateEnvoy(typeName: string, value: unknown): string[] {
    const type = lookupMessage(typeName);
    if (!type) throw new Error(`unknown Envoy message type ${typeName}`);
    const errors: string[] = [];
    walkMessage(type, value, "", errors);
    return errors;
}

/** Validates a whole Envoy bootstrap (the object Envoy reads from its YAML/JSON config file). */
export function validateBootstrap(value: unknown): string[] {
    return validateEnvoy("envoy.config.bootstrap.v3.Bootstrap", value);
}
