// Where the built npm package (pkg/, from `cargo xtask pkg`) keeps its entry points and wasm.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** The package directory: pkg/, or HWC_KYC_PKG (to compare another build). */
export const PKG = process.env.HWC_KYC_PKG ? path.resolve(process.env.HWC_KYC_PKG) : path.join(ROOT, "pkg");

/** The package's manifest, or an error that says how to build it. */
export function manifest() {
  const file = path.join(PKG, "package.json");
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: build the package first (cargo xtask pkg)`);
  }
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/** The file a condition list picks from an `exports` entry (`["browser", "import", "default"]`). */
function pick(entry, conditions) {
  if (typeof entry === "string") return entry;
  if (Array.isArray(entry)) return entry.map((e) => pick(e, conditions)).find(Boolean);
  if (entry && typeof entry === "object") {
    for (const [key, value] of Object.entries(entry)) {
      if (key === "types") continue;
      if (conditions.includes(key) || key === "default") {
        const hit = pick(value, conditions);
        if (hit) return hit;
      }
    }
  }
  return undefined;
}

/** The absolute path of the package's entry `subpath` (`"."`, `"./client"`) for `conditions` (as
 * a resolver would pick). */
export function entry(conditions, subpath = ".") {
  const m = manifest();
  const exp = subpath === "." ? m.exports?.["."] ?? m.exports : m.exports?.[subpath];
  if (subpath !== "." && !exp) throw new Error(`pkg/package.json exports no ${subpath}`);
  const rel = pick(exp, conditions) ?? m.module ?? m.main;
  if (!rel) throw new Error("pkg/package.json names no entry point");
  return path.join(PKG, rel);
}

/** The .wasm files a page that imports the entry `subpath` for `conditions` loads: the module
 * next to that entry (not every .wasm under pkg/: each entry ships a build of its own, and a page
 * fetches only its entry's). */
export function wasmFiles(conditions = ["browser", "import"], subpath = ".") {
  const file = path.join(path.dirname(entry(conditions, subpath)), "hwc_kyc_bg.wasm");
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: build the package first (cargo xtask pkg)`);
  return [file];
}
