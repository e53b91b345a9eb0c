// The overview: the pages, and the simulator's demo customers with what each one shows.
import { h, layout } from "./layout.js";
import { demoCustomers } from "./session.js";

layout("home");

const body = document.querySelector("#customers tbody");
demoCustomers().then((customers) => {
  body.replaceChildren(
    ...customers.map((c) => h("tr", {}, h("td", {}, h("code", {}, c.customer_id)), h("td", {}, c.description))),
  );
});
