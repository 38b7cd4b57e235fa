import { runProgram, manifests } from "./render/program";
(async () => {
  const t = Date.now();
  const r = await runProgram({ config: {} });
  console.log("ms", Date.now() - t, "resources", r.resources.length, "warnings", r.warnings);
  for (const m of manifests(r.resources)) console.log(m.kind, m.metadata.namespace ?? "-", m.metadata.name);
  console.log(Object.keys(r.outputs), [...r.secretOutputs]);
  const noParent = r.resources.filter(x => !x.options?.parent).map(x => x.type + "::" + x.name);
  console.log("noParent", noParent);
  console.log("providers", [...new Set(r.resources.filter(x=>x.type.startsWith("kubernetes:")).map(x => x.provider))]);
})().catch(e => { console.error("ERR", e); process.exit(1); });
