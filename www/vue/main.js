// The enterprise form as a Vue 3 user writes it (EnterpriseForm.vue, TanStack Form for Vue with the
// package's Standard Schema), mounted under the demo's shared header.
import { createApp } from "vue";
import { layout } from "../js/layout.js";
import EnterpriseForm from "./EnterpriseForm.vue";

layout("vue");
createApp(EnterpriseForm).mount("#app");
