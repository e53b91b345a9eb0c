// Entry for Node (the "node" export condition): reads and instantiates the wasm module
// synchronously from the package folder, so importing needs no top-level await and no fetch.
import { readFileSync } from "node:fs";
import { initSync } from "./hwc_kyc.js";
import { setup } from "./api.js";

setup(initSync({ module: readFileSync(new URL("./hwc_kyc_bg.wasm", import.meta.url)) }));

export * from "./exports.js";
