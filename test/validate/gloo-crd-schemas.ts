// Structural schemas of every Gloo custom-resource kind, taken from the CRDs the program installs
// (crds/gloo-crds.json, generated from the chart's files in crds/): the validator holds custom resources against
// exactly what the API server will prune or reject.
import { CrdSchema, glooCrdManifests } from "../../components/crds";

export type GlooSchema = CrdSchema;

export interface GlooKindSchema {
  apiVersion: string;
  kind: string;
  scope: "Namespaced" | "Cluster";
  /** The version's whole `openAPIV3Schema` (root: type object with spec and status). */
  schema: GlooSchema;
}

/** By `<group>/<version>/<kind>`, one entry per served version. */
export const GLOO_CRD_SCHEMAS: { [apiVersionKind: string]: GlooKindSchema } = Object.fromEntries(
  glooCrdManifests().flatMap((crd) =>
    crd.spec.versions
      .filter((v) => v.served)
      .map((v) => {
        const apiVersion = `${crd.spec.group}/${v.name}`;
        const entry: GlooKindSchema = { apiVersion, kind: crd.spec.names.kind, scope: crd.spec.scope, schema: v.schema.openAPIV3Schema };
        return [`${apiVersion}/${crd.spec.names.kind}`, entry];
      }),
  ),
);
