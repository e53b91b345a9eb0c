// Demo sign-in. A real portal knows who is signed in and its backend issues the caller token; the
// demo proxy instead lists the simulator's seeded customers (GET /demo/customers) and issues a
// token for any of them (POST /demo/token). Nothing here is part of the package.
import { h } from "./layout.js";

const tokens = new Map();

async function json(response) {
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return response.json();
}

/** The seeded customers: `[{ customer_id, description }]`. */
export async function demoCustomers() {
  const body = await json(await fetch("/demo/customers"));
  return body.customers;
}

/** A caller token for `customerId`, reused until a minute before it expires. */
export async function demoToken(customerId) {
  const cached = tokens.get(customerId);
  if (cached && cached.until > Date.now()) return cached.token;
  const body = await json(
    await fetch("/demo/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ customer_id: customerId }),
    }),
  );
  tokens.set(customerId, { token: body.token, until: Date.now() + (body.expires_in - 60) * 1000 });
  return body.token;
}

/**
 * Fills `<select name="customer_id">` with the seeded customers, `preferred` selected; an empty
 * first option keeps "no customer" a value core judges.
 */
export async function fillCustomers(select, preferred) {
  const customers = await demoCustomers();
  select.replaceChildren(
    h("option", { value: "" }, "—"),
    ...customers.map((c) => h("option", { value: c.customer_id }, `${c.customer_id} · ${c.description}`)),
  );
  select.value = customers.some((c) => c.customer_id === preferred) ? preferred : "";
}
