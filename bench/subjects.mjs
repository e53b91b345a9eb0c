// The validators compared side by side: hwc-kyc (the npm package, passed in so Node and the
// browser bundle can each load it their own way) and the three hand-written peers.
import * as zod from "./peers/zod.mjs";
import * as valibot from "./peers/valibot.mjs";
import * as ajv from "./peers/ajv.mjs";
import { EDGES, TIMED } from "./cases.mjs";

export const PEERS = [zod, valibot, ajv];

/** The operations compared (the individual form is left out: issue #7 names these two). */
export const OPERATIONS = ["checkIdentity", "enterpriseRealnameAuth"];

/** hwc-kyc's `validate(op, value, { stage })` as a subject: true when `ok` (the result carries
 * the normalized value or every issue with its message, like the peers' results). */
export function hwcKyc(pkg) {
  return {
    name: "hwc-kyc",
    forStage: (stage) =>
      Object.fromEntries(OPERATIONS.map((op) => [op, (x) => pkg.validate(op, x, { stage }).ok])),
  };
}

/** Every subject, hwc-kyc first. */
export function subjects(pkg) {
  return [hwcKyc(pkg), ...PEERS.map((p) => ({ name: p.name, forStage: p.validators }))];
}

/** The agreement inputs: the timed ones, the edge cases, and every conformance vector of the two
 * operations (`vectors`: the parsed tests/vectors files). */
export function agreementInputs(vectors) {
  const inputs = [];
  for (const [op, label, input] of TIMED) inputs.push({ id: `timed ${op}/${label}`, op, stage: "form", input });
  EDGES.forEach(([[op, stage, input], expect], i) =>
    inputs.push({ id: `edge #${i} ${op} ${JSON.stringify(input).slice(0, 60)}`, op, stage, input, expect }),
  );
  for (const file of vectors) {
    for (const c of file.cases) {
      if (!OPERATIONS.includes(c.operation)) continue;
      inputs.push({ id: `vector ${c.operation}: ${c.name}`, op: c.operation, stage: c.stage, input: c.input, expect: c.issues.length === 0 });
    }
  }
  return inputs;
}
