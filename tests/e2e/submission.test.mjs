// The whole path in a real browser: page → package (validation, file check) → KycClient →
// partner proxy (uploads, re-validation, signing) → embedded simulator → answer on the page.
// Each test uses its own seeded customer, so they do not depend on each other's order.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { serverErrors } from "../../pkg/client/node.js";
import { customersLoaded, file, kyc, launch, messageOf, open, screenshot } from "./browser.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Fills the enterprise form (plain or React page) for `customer`, with the legal person. */
async function fillEnterprise(page, customer) {
  await customersLoaded(page);
  await page.selectOption('select[name="customer_id"]', customer);
  await page.fill('input[name="corp_name"]', "Example Trading Co., Ltd.");
  await page.selectOption('select[name="certificate_type"]', "0");
  await page.fill('input[name="verified_number"]', "91110000600037");
  await page.fill('input[name="reg_country"]', "CN");
  await page.fill('input[name="reg_address"]', "1 Example Road, Beijing");
  await page.fill('input[name="enterprise_person.legel_name"]', "Wang Wei");
  await page.fill('input[name="enterprise_person.legel_id_number"]', "110101199003071234");
  await page.selectOption('select[name="enterprise_person.certifier_role"]', "legalPerson");
}

/** Picks a PNG in every picker and waits until each is uploaded; returns the stored paths. */
async function uploadAll(page) {
  const pickers = page.locator('input[type="file"]');
  const count = await pickers.count();
  for (let i = 0; i < count; i++) {
    await pickers.nth(i).setInputFiles(file(`side-${i}.png`));
    await page.waitForFunction((id) => document.getElementById(id)?.value, `verified_file_url-${i}-path`);
  }
  return page.locator(".attachment input.path").evaluateAll((els) => els.map((e) => e.value));
}

async function answer(page) {
  const result = page.locator("#result");
  await result.locator(".verdict").waitFor();
  return result;
}

test("a valid enterprise submission with uploaded attachments shows the simulator's answer", async () => {
  const { page, problems, requests, close } = await open(browser, "/enterpriseRealnameAuth.html");
  await fillEnterprise(page, "cust-enterprise-001");
  assert.equal(await page.locator('input[type="file"]').count(), 4);
  const paths = await uploadAll(page);
  assert.equal(paths.length, 4);
  for (const path of paths) assert.match(path, /^cust-enterprise-001\/[^/]+\.png$/);
  assert.equal(requests.filter((p) => p === "/uploads").length, 4);

  await page.click('button[type="submit"]');
  const result = await answer(page);
  assert.equal(await result.getAttribute("data-state"), "ok");
  assert.equal(await result.locator(".verdict").textContent(), "Submitted: the application goes to manual review.");
  assert.ok(requests.includes("/v2/customers/realname-auths/enterprise"));
  await screenshot(page, "enterpriseRealnameAuth-submitted");
  assert.deepEqual(problems, []);
  await close();
});

test("an individual submission with a passport's two pictures is accepted", async () => {
  const { page, problems, close } = await open(browser, "/individualRealnameAuth.html");
  await customersLoaded(page);
  await page.selectOption('select[name="customer_id"]', "cust-individual-001");
  await page.fill('input[name="name"]', "Wang Xiaoming");
  await page.selectOption('select[name="verified_type"]', "3");
  await page.fill('input[name="verified_number"]', "E12345678");
  await page.selectOption('select[name="change_type"]', "-1");
  assert.equal((await uploadAll(page)).length, 2);
  await page.click('button[type="submit"]');
  const result = await answer(page);
  assert.equal(await result.getAttribute("data-state"), "ok");
  // Just submitted: the review result through KycClient says it is under review.
  await result.getByRole("button", { name: "Check the review result" }).click();
  await result.locator(".review-state").getByText("Under review.").waitFor();
  await screenshot(page, "individualRealnameAuth-submitted");
  assert.deepEqual(problems, []);
  await close();
});

test("a refused submission's answer lands under its field: a certificate number used by too many users", async () => {
  const { page, problems, close } = await open(browser, "/individualRealnameAuth.html");
  await page.selectOption("#locale", "es");
  await customersLoaded(page);
  // A customer no other test submits for (a refusal leaves it as it was).
  await page.selectOption('select[name="customer_id"]', "cust-individual-002");
  await page.fill('input[name="name"]', "Wang Xiaoming");
  await page.selectOption('select[name="verified_type"]', "0");
  await page.fill('input[name="verified_number"]', "110101199003077777");
  await page.selectOption('select[name="change_type"]', "-1");
  await uploadAll(page);
  await page.click('button[type="submit"]');
  const result = await answer(page);
  assert.equal(await result.getAttribute("data-state"), "error");
  const op = "individualRealnameAuth";
  const es = kyc.describeError("CBC.99007189", "es", op);
  const message = await messageOf(page, 'input[name="verified_number"]');
  await message.getByText(es).waitFor();
  assert.equal(await page.locator('input[name="verified_number"]').getAttribute("aria-invalid"), "true");
  await page.locator(".summary[role=alert]").getByText(serverErrors({ kind: "http", status: 400, code: "CBC.99007189" }, { locale: "es", op }).form).waitFor();
  await screenshot(page, "individualRealnameAuth-server-answer-on-field-es");
  // Said again in another locale; gone once the user changes the field.
  await page.selectOption("#locale", "zh-CN");
  await message.getByText(kyc.describeError("CBC.99007189", "zh-CN", op)).waitFor();
  await page.fill('input[name="verified_number"]', "110101199003071234");
  await page.waitForFunction(() => document.querySelector('input[name="verified_number"]').getAttribute("aria-invalid") === null);
  assert.equal(await message.textContent(), "");
  assert.deepEqual(problems, []);
  await close();
});

test("a submission the simulator refuses (already authenticated) shows the catalog's description in the page's locale", async () => {
  const { page, problems, close } = await open(browser, "/enterpriseRealnameAuth.html");
  await page.selectOption("#locale", "es");
  await fillEnterprise(page, "cust-verified-001");
  await uploadAll(page);
  await page.click('button[type="submit"]');
  const result = await answer(page);
  assert.equal(await result.getAttribute("data-state"), "error");
  const op = "enterpriseRealnameAuth";
  const es = kyc.describeError("CBC.99007188", "es", op);
  assert.ok(es);
  await result.getByText(es).waitFor();
  await result.getByText("CBC.99007188").waitFor();
  await screenshot(page, "enterpriseRealnameAuth-refused-es");

  // The answer is described again when the locale changes.
  await page.selectOption("#locale", "zh-CN");
  await result.getByText(kyc.describeError("CBC.99007188", "zh-CN", op)).waitFor();
  assert.deepEqual(problems, []);
  await close();
});

test("the react-hook-form page submits through KycClient and lists the failed checks with their descriptions", async () => {
  const { page, problems, close } = await open(browser, "/react/enterpriseRealnameAuth.html");
  await fillEnterprise(page, "cust-arrears-001");
  await uploadAll(page);
  await page.click('button[type="submit"]');
  const result = await answer(page);
  assert.equal(await result.getAttribute("data-state"), "error");
  await result.getByText(kyc.describeError("CBC.99007004", "en", "enterpriseRealnameAuth")).waitFor();
  await result.getByText(kyc.describeFailCheckItem("IS_DEBT", "en")).waitFor();
  // And on the form, through setError("root.server"): the description and the account's check.
  const summary = page.locator(".summary[role=alert]");
  await summary.waitFor();
  assert.equal(
    await summary.textContent(),
    `${kyc.describeError("CBC.99007004", "en", "enterpriseRealnameAuth")} ${kyc.describeFailCheckItem("IS_DEBT", "en")}`,
  );
  await screenshot(page, "react-enterpriseRealnameAuth-fail-check-items");
  assert.deepEqual(problems, []);
  await close();
});

test("the Vue page submits through KycClient; a refusal's answer is the form's message, in its locale", async () => {
  // (Each seeded customer shows one outcome and the plain page's test took the accepted one.)
  const refused = await open(browser, "/vue/enterpriseRealnameAuth.html");
  await refused.page.selectOption("#locale", "zh-CN");
  await fillEnterprise(refused.page, "cust-org-member-001");
  await uploadAll(refused.page);
  await refused.page.click('button[type="submit"]');
  const panel = await answer(refused.page);
  assert.equal(await panel.getAttribute("data-state"), "error");
  const op = "enterpriseRealnameAuth";
  const summary = refused.page.locator(".summary[role=alert]");
  await summary.getByText(kyc.describeError("CBC.99007004", "zh-CN", op), { exact: false }).waitFor();
  for (const item of ["IS_ORG_ACCOUNT", "MEM_OF_ORG"]) {
    assert.ok((await summary.textContent()).includes(kyc.describeFailCheckItem(item, "zh-CN")), item);
  }
  await screenshot(refused.page, "vue-enterpriseRealnameAuth-refused-zh-CN");
  assert.ok(refused.requests.includes("/v2/customers/realname-auths/enterprise"));
  assert.equal(refused.requests.filter((p) => p === "/uploads").length, 4);
  assert.deepEqual(refused.problems, []);
  await refused.close();
});

test("the account check answers through KycClient", async () => {
  const { page, problems, close } = await open(browser, "/checkIdentity.html");
  await page.selectOption('select[name="search_type"]', "email");
  await page.fill('input[name="search_value"]', "taken@example.com");
  await page.click('button[type="submit"]');
  const result = await answer(page);
  assert.equal(await result.locator(".verdict").getAttribute("data-result"), "used_by_user");
  assert.equal(await result.locator("p").count(), 1, "an e-mail answer has no remaining count");

  // A mobile number's answer carries how many more accounts may use it (the simulator: 3).
  await page.selectOption('select[name="search_type"]', "mobile");
  await page.fill('input[name="search_value"]', "0086-13900000000");
  await page.click('button[type="submit"]');
  await result.getByText("3 more accounts may use this number.").waitFor();
  assert.equal(await result.locator(".verdict").getAttribute("data-result"), "available");
  await screenshot(page, "checkIdentity-answer");
  assert.deepEqual(problems, []);
  await close();
});

test("text from the server is shown as text, never as HTML", async () => {
  const { page, close } = await open(browser, "/checkIdentity.html");
  const hostile = '<img src="x" id="injected">';
  await page.route("**/v2/partners/sub-customers/users/check-identity", (route) =>
    route.fulfill({
      status: 400,
      contentType: "application/json",
      body: JSON.stringify({ error_code: "CBC.0100", error_msg: hostile }),
    }),
  );
  await page.fill('input[name="search_value"]', "new@example.com");
  await page.click('button[type="submit"]');
  const result = await answer(page);
  await result.getByText(hostile).waitFor();
  assert.equal(await page.locator("#injected").count(), 0);
  await close();
});
