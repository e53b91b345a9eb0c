// One side-by-side run in whatever JavaScript engine imports this (Node, or Chromium through
// the bundle browser.mjs builds): the agreement check, then the timings.
import { agreementInputs, subjects } from "./subjects.mjs";
import { TIMED } from "./cases.mjs";
import { agreement, measure } from "./timing.mjs";

/**
 * @param pkg the hwc-kyc module (its `validate`)
 * @param vectors the parsed tests/vectors files of the two operations
 * @param options timing options (see timing.mjs DEFAULTS)
 * @returns { agreement: { checked, disagreements }, timing: [...] }
 */
export function run(pkg, vectors, options = {}) {
  const all = subjects(pkg);
  const agree = agreement(all, all[0], agreementInputs(vectors));
  const now = () => performance.now();
  const timing = measure(
    all.map((s) => ({ name: s.name, validators: s.forStage("form") })),
    TIMED,
    now,
    options,
  );
  return { agreement: agree, timing };
}
