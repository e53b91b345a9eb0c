// The one way every harness here starts a browser: Debian's Chromium ($CHROMIUM, else
// /usr/bin/chromium; `cargo xtask` passes its own path), headless, with the flags of a quiet,
// offline machine, driven by playwright-core (which must never download a browser).
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

export const CHROMIUM_ARGS = Object.freeze([
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
]);

/** Launches headless Chromium; `options` adds to (or overrides) Playwright's launch options. */
export function launchChromium(options = {}) {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS], ...options });
}
