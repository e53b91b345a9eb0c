// The timing loop, the same in Node and in the browser: warm up, calibrate a batch size, then
// take a fixed number of samples per subject, round-robin so drift hits every subject alike, and
// report the median time of one validation. Every loop is bounded by an iteration cap.

/** Defaults: 31 samples of about 20 ms each per subject and input, after >= 150 ms of warm-up. */
export const DEFAULTS = { samples: 31, sampleMs: 20, warmupMs: 150, maxBatch: 2_000_000 };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs `fn(input)` `n` times; returns elapsed milliseconds and a value that depends on every
 * result, so no engine can drop the calls. */
function batch(fn, input, n, now) {
  let sink = 0;
  const t0 = now();
  for (let i = 0; i < n; i++) sink += fn(input) ? 1 : 0;
  return [now() - t0, sink];
}

/** Runs `fn` in doubling batches until `ms` have passed (or the cap is hit); returns the mean
 * ms per call over all of them. */
function runFor(fn, input, ms, now, maxBatch) {
  let n = 1;
  let total = 0;
  let calls = 0;
  let sink = 0;
  while (total < ms && n <= maxBatch) {
    const [t, s] = batch(fn, input, n, now);
    total += t;
    calls += n;
    sink += s;
    n *= 2;
  }
  return [total / calls, sink];
}

/**
 * Times every subject on every case.
 * @param subjects [{ name, validators: { [op]: (input) => boolean } }]
 * @param cases [[op, label, input]]
 * @param now a millisecond clock (`performance.now`)
 * @returns [{ op, label, results: { [name]: { ns, batch, samples } } }]
 */
export function measure(subjects, cases, now, options = {}) {
  const o = { ...DEFAULTS, ...options };
  let sink = 0;
  const out = [];
  for (const [op, label, input] of cases) {
    const plan = subjects.map(({ name, validators }) => {
      const fn = validators[op];
      const [, s1] = runFor(fn, input, o.warmupMs, now, o.maxBatch);
      const [per, s2] = runFor(fn, input, o.sampleMs / 2, now, o.maxBatch);
      sink += s1 + s2;
      const n = Math.max(1, Math.min(o.maxBatch, Math.ceil(o.sampleMs / Math.max(per, 1e-6))));
      return { name, fn, n, times: [] };
    });
    for (let s = 0; s < o.samples; s++) {
      for (let k = 0; k < plan.length; k++) {
        const p = plan[(k + s) % plan.length];
        const [t, x] = batch(p.fn, input, p.n, now);
        sink += x;
        p.times.push((t * 1e6) / p.n);
      }
    }
    const results = {};
    for (const p of plan) {
      results[p.name] = { ns: median(p.times), batch: p.n, samples: p.times.length };
    }
    out.push({ op, label, results });
  }
  // Keep the sink observable.
  if (sink === -1) out.push(null);
  return out;
}

/**
 * The agreement check: every subject's verdict on every input, against the reference subject
 * (hwc-kyc) and against the verdict the input was written with.
 * @param subjects as for `measure`, each also with `forStage(stage)` → validators
 * @param inputs [{ id, op, stage, input, expect }]
 * @returns { checked, disagreements: [{ id, subject, got, want }] }
 */
export function agreement(subjects, reference, inputs) {
  const disagreements = [];
  const byStage = new Map();
  const at = (subject, stage) => {
    const key = `${subject.name}/${stage}`;
    if (!byStage.has(key)) byStage.set(key, subject.forStage(stage));
    return byStage.get(key);
  };
  for (const { id, op, stage, input, expect } of inputs) {
    const want = at(reference, stage)[op](input);
    if (expect !== undefined && want !== expect) {
      disagreements.push({ id, subject: `${reference.name} (against the written verdict)`, got: want, want: expect });
    }
    for (const s of subjects) {
      if (s === reference) continue;
      const got = at(s, stage)[op](input);
      if (got !== want) disagreements.push({ id, subject: s.name, got, want });
    }
  }
  return { checked: inputs.length, disagreements };
}
