// The few sentences `hwc-kyc/client`'s form helpers say themselves (availability.js,
// server-errors.js): the state of an availability check and why a call got no answer. Every
// other message they show is core's (an issue's message, a catalog description). Each text is
// `[en, zh-CN, es]`, the order of core's tables, and `{name}` is filled from params.

const TEXTS = {
  pending: ["Checking…", "正在检查…", "Comprobando…"],
  available: ["Available: it can be registered.", "可用：可以注册。", "Disponible: se puede registrar."],
  availableMobile: [
    "Available: {n} more accounts may use this number.",
    "可用：该号码还可被 {n} 个账号使用。",
    "Disponible: {n} cuentas más pueden usar este número.",
  ],
  used: ["Already used by an account.", "已被账号使用。", "Ya lo usa una cuenta."],
  rateLimited: [
    "Too many checks: checking again in {s} s.",
    "检查过于频繁：{s} 秒后重新检查。",
    "Demasiadas comprobaciones: se comprobará de nuevo en {s} s.",
  ],
  tooMany: [
    "Too many checks: try again in {s} s.",
    "检查过于频繁：请 {s} 秒后重试。",
    "Demasiadas comprobaciones: inténtelo de nuevo en {s} s.",
  ],
  // Why a call got no answer: said by the availability check and by serverErrors alike.
  network: [
    "No answer: the server cannot be reached.",
    "没有应答：无法连接服务器。",
    "Sin respuesta: no se puede contactar con el servidor.",
  ],
  timeout: [
    "No answer: the server did not answer in time.",
    "没有应答：服务器未及时应答。",
    "Sin respuesta: el servidor no respondió a tiempo.",
  ],
  token: ["Not sent: you are not signed in.", "未发送：您尚未登录。", "No enviado: no ha iniciado sesión."],
  aborted: ["Cancelled.", "已取消。", "Cancelado."],
  status: ["The server answered {status}.", "服务器应答 {status}。", "El servidor respondió {status}."],
  invalidForm: [
    "Some fields need attention.",
    "部分字段需要修改。",
    "Algunos campos necesitan corrección.",
  ],
};

/**
 * The index of `tag` in `[en, zh-CN, es]`, read as core's `Locale::parse` reads it: by the text
 * before the first `-` or `_`, case-insensitively (`"zh-Hans-CN"` → zh-CN, `"es-MX"` → es,
 * anything else → en).
 */
export function localeIndex(tag) {
  if (typeof tag !== "string") return 0;
  const primary = tag.split(/[-_]/, 1)[0].toLowerCase();
  return primary === "zh" ? 1 : primary === "es" ? 2 : 0;
}

/** The text `key` in `locale`, its `{name}`s filled from `params`. */
export function text(key, locale, params = {}) {
  return TEXTS[key][localeIndex(locale)].replace(/\{(\w+)\}/g, (whole, name) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
