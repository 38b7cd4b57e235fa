// The entry Pulumi's nodejs host loads when the package is used from any language (`pulumi package add`;
// package.json `main`, built to dist/ by `prepare`): every ComponentResource class exported here becomes a component
// of the package's schema, so GlooInstall alone is. TypeScript programs that install the package import
// "gloo-mtls" (package.json `exports` and `types`: ./index.ts), which has the building blocks too.
export { GlooInstall } from "./gloo";
