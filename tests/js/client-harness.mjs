// Starts crates/test-server (the real hwc-kyc-proxy and its simulator on 127.0.0.1, behind a
// front that records every request) for the KycClient tests, and talks to its control API.
// See crates/test-server/README.md.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));

/** Builds the harness (a no-op when it is fresh) and returns its path. */
function binary() {
  const built = spawnSync("cargo", ["build", "--quiet", "--package", "hwc-kyc-test-server"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (built.status !== 0) throw new Error("cargo build -p hwc-kyc-test-server failed");
  const target = process.env.CARGO_TARGET_DIR ?? join(root, "target");
  return join(target, "debug", "hwc-kyc-test-server");
}

/**
 * Starts a harness; `args` are its flags (`--check-identity-per-minute 60`, `--pages DIR`, …).
 * Resolves with `{ api, proxy, pages, closed, requests(), upstream(), fault(f), reset(),
 * token(customerId), close() }`.
 */
export async function startServer(args = []) {
  const child = spawn(binary(), args, { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const urls = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the test server did not start in 60 s")), 60_000);
    child.once("exit", (code) => reject(new Error(`the test server exited (${code})`)));
    lines.once("line", (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line));
    });
  });
  const control = async (path, init) => {
    const res = await fetch(`${urls.pages}/control/${path}`, init);
    if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? undefined : res.json();
  };
  return {
    ...urls,
    /** What the front received since the last reset: `[{ method, path, headers }]`. */
    requests: async () => (await control("requests")).requests,
    /** Requests the simulator received since the last reset. */
    upstream: async () => (await control("upstream")).received,
    /** The simulator's fault for every request (`"latency=3000"`, `"status=503"`, `"none"`). */
    fault: (f) => control("fault", { method: "POST", body: f }),
    reset: () => control("reset", { method: "POST" }),
    /** A caller token for a seeded customer (the proxy's demo mode), not through the front. */
    token: async (customerId) => {
      const res = await fetch(`${urls.proxy}/demo/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ customer_id: customerId }),
      });
      if (!res.ok) throw new Error(`demo token for ${customerId}: ${res.status}`);
      return (await res.json()).token;
    },
    close: () =>
      new Promise((resolve) => {
        child.once("exit", resolve);
        child.stdin.end(); // the harness stops when its standard input closes
      }),
  };
}

/** Check-identity requests straight to the proxy until it answers 429 (at most `max`). */
export async function exhaustCheckIdentity(proxy, max = 400) {
  for (let i = 0; i < max; i++) {
    const res = await fetch(`${proxy}/v2/partners/sub-customers/users/check-identity`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ search_type: "email", search_value: "someone@example.com" }),
    });
    await res.arrayBuffer();
    if (res.status === 429) return res.headers.get("retry-after");
  }
  throw new Error(`no 429 after ${max} check-identity requests`);
}

/** The smallest PNG signature-wise: what core's attachment check accepts as a .png. */
export const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

/** An individual's passport submission for `customerId`, valid at the form stage. */
export function passport(customerId, files = ["a/front.jpg", "a/back.jpg"]) {
  return {
    customer_id: customerId,
    verified_type: "3",
    verified_file_url: files,
    name: "Wang Wei",
    verified_number: "E12345678",
  };
}

/** An enterprise's submission for `customerId`, valid at the form stage. */
export function enterprise(customerId) {
  return {
    customer_id: customerId,
    verified_file_url: ["lic/front.jpg", "lic/back.jpg"],
    corp_name: "Example Trading Ltd",
    verified_number: "91110000600037",
    certificate_type: 0,
    reg_country: "CN",
  };
}
