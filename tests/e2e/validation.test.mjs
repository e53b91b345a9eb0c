// Live validation in the demo pages, in a real browser: messages appear under the field while the
// user fills the form (never by submitting), in the chosen locale, with the accessibility wiring,
// and a file whose content is not what its name says is refused before any upload.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { LOCALES, assertNoJunk, customersLoaded, file, kyc, launch, messageOf, open, screenshot } from "./browser.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** What the package says about `path` of `value`, in `locale`: the page must show exactly this. */
function expected(op, path, value, locale) {
  return kyc.validateField(op, path, value, { locale }).map((i) => i.message).join("");
}

test("every page loads under the proxy's CSP with no error and no junk, in every locale, saved as screenshots", async () => {
  const pages = {
    index: "/",
    checkIdentity: "/checkIdentity.html",
    individualRealnameAuth: "/individualRealnameAuth.html",
    enterpriseRealnameAuth: "/enterpriseRealnameAuth.html",
    "react-enterpriseRealnameAuth": "/react/enterpriseRealnameAuth.html",
    "vue-enterpriseRealnameAuth": "/vue/enterpriseRealnameAuth.html",
  };
  for (const [name, path] of Object.entries(pages)) {
    const { page, problems, close } = await open(browser, path);
    await page.locator("main h1").waitFor();
    if (path !== "/" && path !== "/checkIdentity.html") await customersLoaded(page);
    for (const locale of LOCALES) {
      await page.selectOption("#locale", locale);
      await page.waitForFunction((l) => document.documentElement.lang === l, locale);
      await assertNoJunk(page, `${path} (${locale})`);
      await screenshot(page, `page-${name}-${locale}`);
    }
    assert.deepEqual(problems, [], `${path}: ${problems.join("; ")}`);
    await close();
  }
});

test("the junk check fails on a page that shows null, undefined, NaN, [object …] or a message key", async () => {
  const { page, close } = await open(browser, "/checkIdentity.html");
  for (const junk of ["nullnull", "undefined", "NaN", "[object Object]", "result.used_by_user"]) {
    await page.evaluate((text) => (document.querySelector("main .intro").textContent = `Text ${text} here`), junk);
    await assert.rejects(assertNoJunk(page, "planted"), assert.AssertionError, junk);
  }
  await page.evaluate(() => (document.querySelector("main .intro").textContent = "Write to name@example.com."));
  await assertNoJunk(page, "clean");
  await close();
});

test("an invalid value shows its localized message under the field without submitting, and fixing it clears it", async () => {
  const { page, problems, requests, close } = await open(browser, "/checkIdentity.html");
  const input = page.locator('input[name="search_value"]');
  await page.selectOption('select[name="search_type"]', "email");
  await input.fill("nobody");
  await input.blur();

  const message = await messageOf(page, 'input[name="search_value"]');
  const want = expected("checkIdentity", "search_value", { search_type: "email", search_value: "nobody" }, "en");
  assert.notEqual(want, "");
  await assert.doesNotReject(message.getByText(want).waitFor());
  assert.equal(await input.getAttribute("aria-invalid"), "true");
  // The label names the field, and the field is named after the wire field.
  assert.equal(await page.locator('label[for="search_value"]').textContent(), "Value");
  await screenshot(page, "checkIdentity-invalid");

  // Nothing was sent: validation is the package's, in the page, and an invalid value is never
  // asked of the proxy by the live availability check.
  await page.waitForTimeout(600);
  assert.deepEqual(requests.filter((p) => p.startsWith("/v2/")), []);

  await input.fill("nobody@example.com");
  assert.equal(await message.textContent(), "");
  assert.equal(await input.getAttribute("aria-invalid"), null);
  // A valid value is asked, once, while the user waits.
  await page.locator('.availability[data-status="available"]').waitFor();
  assert.equal(requests.filter((p) => p.startsWith("/v2/")).length, 1);
  assert.deepEqual(problems, []);
  await close();
});

test("the account check answers while the user types: a pending indicator, then the answer, one request for a burst", async () => {
  const { page, problems, requests, close } = await open(browser, "/checkIdentity.html");
  // The proxy's answer takes half a second here, so that the pending state can be seen.
  await page.route("**/v2/partners/sub-customers/users/check-identity", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await route.continue();
  });
  await page.selectOption('select[name="search_type"]', "email");
  const line = page.locator("#search_value-availability");
  await page.locator('input[name="search_value"]').pressSequentially("taken@example.com", { delay: 25 });
  await page.locator('.availability[data-status="pending"]').waitFor();
  assert.equal(await line.textContent(), "Checking…");
  await screenshot(page, "checkIdentity-pending");
  await page.locator('.availability[data-status="used"]').waitFor();
  assert.equal(await line.textContent(), "Already used by an account.");
  assert.equal(requests.filter((p) => p.startsWith("/v2/")).length, 1, "one request for the whole burst of keystrokes");
  // The result panel stays closed: no button was pressed.
  assert.equal(await page.locator("#result").isHidden(), true);
  await screenshot(page, "checkIdentity-live-used");

  // A mobile number: the answer says how many more accounts may use it, in the page's locale.
  await page.selectOption("#locale", "zh-CN");
  await page.selectOption('select[name="search_type"]', "mobile");
  await page.fill('input[name="search_value"]', "0086-13900000000");
  await page.locator('.availability[data-status="available"]').waitFor();
  assert.equal(await line.textContent(), "可用：该号码还可被 3 个账号使用。");
  await screenshot(page, "checkIdentity-live-available-zh-CN");
  // Back to the e-mail already answered: from the cache, no request.
  const before = requests.filter((p) => p.startsWith("/v2/")).length;
  await page.selectOption('select[name="search_type"]', "email");
  await page.fill('input[name="search_value"]', "taken@example.com");
  await page.locator('.availability[data-status="used"]').waitFor();
  assert.equal(await line.textContent(), "已被账号使用。");
  assert.equal(requests.filter((p) => p.startsWith("/v2/")).length, before);
  assert.deepEqual(problems, []);
  await close();
});

test("a field not yet visited is not flagged while the user types in another", async () => {
  const { page, close } = await open(browser, "/enterpriseRealnameAuth.html");
  await customersLoaded(page);
  await page.fill('input[name="reg_country"]', "cn");
  // corp_name is empty and required, but the user has not been there yet.
  assert.equal(await (await messageOf(page, 'input[name="corp_name"]')).textContent(), "");
  await page.locator('input[name="reg_country"]').blur();
  const want = expected("enterpriseRealnameAuth", "reg_country", { reg_country: "cn" }, "en");
  await (await messageOf(page, 'input[name="reg_country"]')).getByText(want).waitFor();
  await close();
});

test("switching the locale re-renders every message and the page's words", async () => {
  const { page, close } = await open(browser, "/enterpriseRealnameAuth.html");
  await customersLoaded(page);
  // What the form holds: the fields left empty are "".
  const value = { reg_country: "cn", enterprise_person: { legel_name: "Wang", legel_id_number: "", certifier_role: "" } };
  await page.fill('input[name="reg_country"]', "cn");
  await page.locator('input[name="reg_country"]').blur();
  await page.fill('input[name="enterprise_person.legel_name"]', "Wang");
  await page.locator('input[name="enterprise_person.legel_id_number"]').focus();
  await page.locator('input[name="enterprise_person.legel_id_number"]').blur();
  const country = await messageOf(page, 'input[name="reg_country"]');
  const idNumber = await messageOf(page, 'input[name="enterprise_person.legel_id_number"]');

  for (const locale of ["zh-CN", "es", "en"]) {
    await page.selectOption("#locale", locale);
    const op = "enterpriseRealnameAuth";
    await country.getByText(expected(op, "reg_country", value, locale)).waitFor();
    await idNumber.getByText(expected(op, "enterprise_person.legel_id_number", value, locale)).waitFor();
    assert.equal(await page.locator("html").getAttribute("lang"), locale);
    if (locale === "zh-CN") await screenshot(page, "enterpriseRealnameAuth-zh-CN");
  }
  assert.equal(await page.locator('label[for="corp_name"]').textContent(), "Organization name");
  await close();
});

test("the number of pickers follows verified_type and the legal person's details", async () => {
  const { page, close } = await open(browser, "/individualRealnameAuth.html");
  await customersLoaded(page);
  const pickers = page.locator('input[type="file"]');
  // As many as core requires: passport 2, ID card 3.
  const count = (verified_type) =>
    kyc.validateField("individualRealnameAuth", "verified_file_url", { verified_type, verified_file_url: [] })[0]
      .params.min;
  await page.selectOption('select[name="verified_type"]', "3");
  assert.equal(await pickers.count(), count(3));
  await page.selectOption('select[name="verified_type"]', "0");
  assert.equal(await pickers.count(), count(0));
  await close();

  const enterprise = await open(browser, "/enterpriseRealnameAuth.html");
  await customersLoaded(enterprise.page);
  const corpPickers = enterprise.page.locator('input[type="file"]');
  assert.equal(await corpPickers.count(), 2);
  await enterprise.page.fill('input[name="enterprise_person.legel_name"]', "Wang");
  assert.equal(await corpPickers.count(), 4);
  await enterprise.page.fill('input[name="enterprise_person.legel_name"]', "");
  assert.equal(await corpPickers.count(), 2);
  await enterprise.close();
});

test("a .txt renamed to .jpg is refused in the browser before any upload", async () => {
  const { page, requests, close } = await open(browser, "/individualRealnameAuth.html");
  await customersLoaded(page);
  await page.selectOption('select[name="verified_type"]', "3");
  const text = Buffer.from("These are my notes, not a picture.\n");
  await page.setInputFiles("#verified_file_url-0", file("passport.jpg", text, "image/jpeg"));
  const message = await messageOf(page, "#verified_file_url-0");
  const want = kyc.checkAttachment("passport.jpg", text, { locale: "en" }).map((i) => i.message);
  assert.equal(want.length, 1);
  await message.getByText(want[0]).waitFor();
  assert.equal(await page.locator("#verified_file_url-0").getAttribute("aria-invalid"), "true");
  assert.equal(await page.locator("#verified_file_url-0-path").inputValue(), "");
  assert.deepEqual(requests.filter((p) => p === "/uploads"), []);
  await screenshot(page, "individualRealnameAuth-refused-file");

  // The refusal is re-rendered in the new locale, still without an upload.
  await page.selectOption("#locale", "es");
  const es = kyc.checkAttachment("passport.jpg", text, { locale: "es" })[0].message;
  await message.getByText(es).waitFor();
  assert.deepEqual(requests.filter((p) => p === "/uploads"), []);
  await close();
});

test("the react-hook-form page shows core's messages through the Standard Schema resolver", async () => {
  const { page, problems, requests, close } = await open(browser, "/react/enterpriseRealnameAuth.html");
  await customersLoaded(page);
  const input = page.locator('input[name="reg_country"]');
  await input.fill("cn");
  await input.blur();
  const message = await messageOf(page, 'input[name="reg_country"]');
  const op = "enterpriseRealnameAuth";
  await message.getByText(expected(op, "reg_country", { reg_country: "cn" }, "en")).waitFor();
  assert.equal(await input.getAttribute("aria-invalid"), "true");
  await page.selectOption("#locale", "zh-CN");
  await message.getByText(expected(op, "reg_country", { reg_country: "cn" }, "zh-CN")).waitFor();
  await screenshot(page, "react-enterpriseRealnameAuth-invalid-zh-CN");
  await input.fill("CN");
  await page.waitForFunction(() => document.querySelector('input[name="reg_country"]').getAttribute("aria-invalid") === null);
  assert.equal(await message.textContent(), "");
  assert.deepEqual(requests.filter((p) => p.startsWith("/v2/")), []);
  assert.deepEqual(problems, []);
  await close();
});

test("the Vue page (TanStack Form) shows core's messages through the Standard Schema, in the page's locale", async () => {
  const { page, problems, requests, close } = await open(browser, "/vue/enterpriseRealnameAuth.html");
  await customersLoaded(page);
  const input = page.locator('input[name="reg_country"]');
  await input.fill("cn");
  const message = await messageOf(page, 'input[name="reg_country"]');
  // Not before the user leaves the field.
  assert.equal(await message.textContent(), "");
  await input.blur();
  const op = "enterpriseRealnameAuth";
  await message.getByText(expected(op, "reg_country", { reg_country: "cn" }, "en")).waitFor();
  assert.equal(await input.getAttribute("aria-invalid"), "true");
  await page.selectOption("#locale", "es");
  await message.getByText(expected(op, "reg_country", { reg_country: "cn" }, "es")).waitFor();
  await screenshot(page, "vue-enterpriseRealnameAuth-invalid-es");
  await input.fill("CN");
  await page.waitForFunction(() => document.querySelector('input[name="reg_country"]').getAttribute("aria-invalid") === null);
  assert.equal(await message.textContent(), "");

  // Submitting the empty form flags every field core names, and sends nothing.
  await page.click('button[type="submit"]');
  await page.locator(".summary[role=alert]").waitFor();
  const issues = kyc.validate(op, { customer_id: "cust-enterprise-001", corp_name: "", verified_number: "", reg_country: "CN", verified_file_url: [] }).issues;
  for (const issue of issues.filter((i) => i.path[0] !== "verified_file_url")) {
    assert.equal(await page.locator(`[name="${issue.path.join(".")}"]`).getAttribute("aria-invalid"), "true", issue.path.join("."));
  }
  await page.locator("#verified_file_url-error span").first().waitFor();
  assert.deepEqual(requests.filter((p) => p.startsWith("/v2/") || p === "/uploads"), []);
  assert.deepEqual(problems, []);
  await close();
});

test("submitting an invalid form sends nothing, flags every field and moves focus to the first", async () => {
  const { page, requests, close } = await open(browser, "/enterpriseRealnameAuth.html");
  await customersLoaded(page);
  await page.click('button[type="submit"]');
  await page.locator(".summary[role=alert]").getByText("The form has problems").waitFor();
  const issues = kyc.validate("enterpriseRealnameAuth", {
    customer_id: "cust-enterprise-001",
    corp_name: "",
    verified_number: "",
    verified_file_url: [],
  }).issues;
  for (const issue of issues) {
    const selector = issue.path[0] === "verified_file_url" ? '[data-field="verified_file_url"]' : `[name="${issue.path.join(".")}"]`;
    assert.equal(await page.locator(selector).getAttribute("aria-invalid"), "true", selector);
  }
  assert.equal(await page.evaluate(() => document.activeElement.name), "corp_name");
  await screenshot(page, "enterpriseRealnameAuth-submit-invalid");
  assert.deepEqual(requests.filter((p) => p.startsWith("/v2/") || p === "/uploads"), []);
  await close();
});
