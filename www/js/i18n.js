// The demo's own words (titles, labels, hints, buttons) in the three locales the package speaks.
// Validation messages and error descriptions are NOT here: they come from the package, in the
// same locale, so a page shows exactly what the backend would say. The package carries English;
// the demo offers zh-CN and es too, so it registers their packs (every page imports this module).
import { registerLocale } from "hwc-kyc/client";
import zhCN from "hwc-kyc/locales/zh-CN";
import es from "hwc-kyc/locales/es";

registerLocale(zhCN);
registerLocale(es);

/** The locales of the switch, with their names in their own language. */
export const LOCALES = [
  ["en", "English"],
  ["zh-CN", "简体中文"],
  ["es", "Español"],
];

// key → [English, 简体中文, Español]. `{name}` is replaced by params.name.
const TEXT = {
  "site.title": ["hwc-kyc demo", "hwc-kyc 演示", "Demo de hwc-kyc"],
  "site.language": ["Language", "语言", "Idioma"],
  "site.skip": ["Skip to the form", "跳到表单", "Ir al formulario"],
  "site.footer": [
    "Validation runs in your browser with the same Rust rules as the partner proxy. Answers come from the local BSS-intl simulator.",
    "校验在浏览器中运行，与伙伴代理使用同一套 Rust 规则。应答来自本地 BSS-intl 模拟器。",
    "La validación se ejecuta en su navegador con las mismas reglas de Rust que el proxy del socio. Las respuestas vienen del simulador local de BSS-intl.",
  ],
  "nav.home": ["Overview", "概览", "Inicio"],
  "nav.checkIdentity": ["Account check", "账号校验", "Comprobar cuenta"],
  "nav.individualRealnameAuth": ["Individual", "个人实名认证", "Persona física"],
  "nav.enterpriseRealnameAuth": ["Enterprise", "企业实名认证", "Empresa"],
  "nav.react": ["Enterprise (React)", "企业（React）", "Empresa (React)"],
  "nav.vue": ["Enterprise (Vue)", "企业（Vue）", "Empresa (Vue)"],

  "home.title": [
    "Customer onboarding with every rule written once",
    "客户入驻：每条规则只写一次",
    "Alta de clientes con cada regla escrita una sola vez",
  ],
  "home.intro": [
    "These pages use the npm package hwc-kyc exactly as a partner's front end would: every field is checked while you type, with the backend's own rules, in your language. Submissions go through KycClient to the partner proxy, which checks again, signs and forwards them to a local simulator of Huawei Cloud.",
    "这些页面完全像伙伴前端那样使用 npm 包 hwc-kyc：输入时即用后端自己的规则、以您的语言校验每个字段。提交通过 KycClient 发往伙伴代理，代理再次校验、签名并转发给本地的华为云模拟器。",
    "Estas páginas usan el paquete npm hwc-kyc tal como lo haría el front end de un socio: cada campo se comprueba mientras escribe, con las reglas del propio backend, en su idioma. Los envíos pasan por KycClient al proxy del socio, que vuelve a comprobarlos, los firma y los reenvía a un simulador local de Huawei Cloud.",
  ],
  "home.checkIdentity": [
    "Can an account name, e-mail address or mobile number still be registered?",
    "账号名、邮箱或手机号是否还能注册？",
    "¿Se puede registrar todavía un nombre de cuenta, correo o móvil?",
  ],
  "home.individualRealnameAuth": [
    "Submit an individual's real-name authentication with the certificate pictures.",
    "提交个人实名认证及证件照片。",
    "Enviar la autenticación con nombre real de una persona, con las fotos del documento.",
  ],
  "home.enterpriseRealnameAuth": [
    "Submit an enterprise's real-name authentication, with or without its legal person.",
    "提交企业实名认证，可附带法人信息。",
    "Enviar la autenticación con nombre real de una empresa, con o sin su representante legal.",
  ],
  "home.react": [
    "The enterprise form driven by react-hook-form with the package's Standard Schema, bundled with Vite.",
    "由 react-hook-form 与本包的 Standard Schema 驱动、用 Vite 打包的企业表单。",
    "El formulario de empresa con react-hook-form y el Standard Schema del paquete, empaquetado con Vite.",
  ],
  "home.vue": [
    "The enterprise form in Vue 3 with TanStack Form and the package's Standard Schema, bundled with Vite.",
    "由 Vue 3、TanStack Form 与本包的 Standard Schema 驱动、用 Vite 打包的企业表单。",
    "El formulario de empresa en Vue 3 con TanStack Form y el Standard Schema del paquete, empaquetado con Vite.",
  ],
  "home.customers": ["Demo customers", "演示客户", "Clientes de demostración"],

  "checkIdentity.title": ["Account check", "账号校验", "Comprobar cuenta"],
  "checkIdentity.intro": [
    "Checks whether an account name, e-mail address or mobile number can still be registered. Try taken@example.com, existing-user or 0086-13900000000.",
    "检查账号名、邮箱或手机号是否还能注册。可试试 taken@example.com、existing-user 或 0086-13900000000。",
    "Comprueba si un nombre de cuenta, un correo o un móvil se pueden registrar todavía. Pruebe taken@example.com, existing-user o 0086-13900000000.",
  ],
  "individualRealnameAuth.title": [
    "Individual real-name authentication",
    "个人实名认证",
    "Autenticación con nombre real de una persona",
  ],
  "individualRealnameAuth.intro": [
    "The number of pictures follows the certificate type. Pictures are checked in your browser before they are uploaded.",
    "所需图片数量取决于证件类型。图片在上传前先在浏览器中检查。",
    "El número de imágenes depende del tipo de documento. Las imágenes se comprueban en su navegador antes de subirlas.",
  ],
  "enterpriseRealnameAuth.title": [
    "Enterprise real-name authentication",
    "企业实名认证",
    "Autenticación con nombre real de una empresa",
  ],
  "enterpriseRealnameAuth.intro": [
    "Two pictures of the enterprise certificate; with the legal person's details, also both sides of their ID card.",
    "需要企业证件的两张图片；填写法人信息时，还需法人身份证的正反面。",
    "Dos imágenes del certificado de la empresa; con los datos del representante legal, también las dos caras de su documento de identidad.",
  ],
  "react.title": [
    "Enterprise real-name authentication (React)",
    "企业实名认证（React）",
    "Autenticación con nombre real de una empresa (React)",
  ],
  "react.intro": [
    "The same form, written as a React user would: react-hook-form with createSchema(\"enterpriseRealnameAuth\") as its Standard Schema resolver, bundled with Vite.",
    "同一个表单，按 React 用户的写法：react-hook-form 以 createSchema(\"enterpriseRealnameAuth\") 作为 Standard Schema 解析器，用 Vite 打包。",
    "El mismo formulario, escrito como lo haría un usuario de React: react-hook-form con createSchema(\"enterpriseRealnameAuth\") como resolver de Standard Schema, empaquetado con Vite.",
  ],
  "vue.title": [
    "Enterprise real-name authentication (Vue)",
    "企业实名认证（Vue）",
    "Autenticación con nombre real de una empresa (Vue)",
  ],
  "vue.intro": [
    "The same form, written as a Vue user would: TanStack Form for Vue with createSchema(\"enterpriseRealnameAuth\") as the form's Standard Schema validator; a refused submission's answer lands under its fields. Bundled with Vite.",
    "同一个表单，按 Vue 用户的写法：Vue 版 TanStack Form 以 createSchema(\"enterpriseRealnameAuth\") 作为表单的 Standard Schema 校验器；被拒绝的提交，其应答显示在相应字段下方。用 Vite 打包。",
    "El mismo formulario, escrito como lo haría un usuario de Vue: TanStack Form para Vue con createSchema(\"enterpriseRealnameAuth\") como validador Standard Schema del formulario; la respuesta de un envío rechazado aparece bajo sus campos. Empaquetado con Vite.",
  ],

  "field.search_type": ["What to check", "校验类型", "Qué comprobar"],
  "field.search_value": ["Value", "值", "Valor"],
  "hint.search_value.email": ["For example name@example.com", "例如 name@example.com", "Por ejemplo nombre@example.com"],
  "hint.search_value.mobile": ["Country code, a hyphen, the number: 0086-13900000000", "国家码、连字符、号码：0086-13900000000", "Prefijo del país, un guion y el número: 0086-13900000000"],
  "hint.search_value.name": ["For example ceshiyonghu001", "例如 ceshiyonghu001", "Por ejemplo ceshiyonghu001"],
  "field.customer_id": ["Customer", "客户", "Cliente"],
  "hint.customer_id": [
    "Demo only: each customer of the simulator shows one outcome. Your portal knows who is signed in.",
    "仅用于演示：模拟器中的每个客户对应一种结果。真实门户知道当前登录的是谁。",
    "Solo en la demo: cada cliente del simulador muestra un resultado. Su portal sabe quién ha iniciado sesión.",
  ],
  "field.name": ["Full name", "姓名", "Nombre completo"],
  "field.verified_number": ["Certificate number", "证件号码", "Número del documento"],
  "field.verified_type": ["Certificate type", "证件类型", "Tipo de documento"],
  "field.change_type": ["Change type", "变更类型", "Tipo de cambio"],
  "field.corp_name": ["Organization name", "企业名称", "Nombre de la organización"],
  "field.certificate_type": ["Enterprise certificate type", "企业证件类型", "Tipo de certificado de la empresa"],
  "field.reg_country": ["Country of registration", "注册国家/地区", "País de registro"],
  "hint.reg_country": ["Two-letter code, for example CN", "两位字母代码，例如 CN", "Código de dos letras, por ejemplo CN"],
  "field.reg_address": ["Registered address", "注册地址", "Domicilio social"],
  "field.enterprise_person": ["Legal person (optional)", "法人信息（可选）", "Representante legal (opcional)"],
  "field.enterprise_person.legel_name": ["Legal person's name", "法人姓名", "Nombre del representante legal"],
  "field.enterprise_person.legel_id_number": ["Legal person's ID number", "法人证件号码", "Número de identidad del representante legal"],
  "field.enterprise_person.certifier_role": ["Role", "角色", "Función"],
  "field.verified_file_url": ["Attachments", "附件", "Archivos adjuntos"],

  "option.none": ["— not given —", "— 不填 —", "— sin indicar —"],
  "option.search_type.email": ["E-mail address", "邮箱", "Correo electrónico"],
  "option.search_type.mobile": ["Mobile number", "手机号", "Número de móvil"],
  "option.search_type.name": ["Account name", "账号名", "Nombre de cuenta"],
  "option.verified_type.0": ["ID card", "身份证", "Documento de identidad"],
  "option.verified_type.3": ["Passport", "护照", "Pasaporte"],
  "option.verified_type.5": ["Exit-Entry Permit to Hong Kong and Macao", "往来港澳通行证", "Permiso de entrada y salida a Hong Kong y Macao"],
  "option.verified_type.6": ["Mainland Travel Permit for Taiwan Residents", "台湾居民来往大陆通行证", "Permiso de viaje al continente para residentes de Taiwán"],
  "option.verified_type.7": ["International driver license", "国际驾照", "Permiso de conducir internacional"],
  "option.verified_type.9": ["Residence Permit for Hong Kong and Macao Residents", "港澳居民居住证", "Permiso de residencia para residentes de Hong Kong y Macao"],
  "option.verified_type.10": ["Residence Permit for Taiwan Residents", "台湾居民居住证", "Permiso de residencia para residentes de Taiwán"],
  "option.change_type.-1": ["First real-name authentication", "首次实名认证", "Primera autenticación con nombre real"],
  "option.certificate_type.0": ["Business license", "营业执照", "Licencia comercial"],
  "option.certificate_type.1": ["Legal entity certificate", "事业单位法人证书", "Certificado de entidad jurídica"],
  "option.certificate_type.2": ["Legal entity registration certificate", "社会团体法人登记证书", "Certificado de registro de entidad jurídica"],
  "option.certificate_type.3": ["Administrative law enforcement certificate", "行政执法主体资格证", "Certificado de órgano de aplicación administrativa"],
  "option.certificate_type.4": ["Organization code certificate", "组织机构代码证", "Certificado de código de organización"],
  "option.certificate_type.99": ["Other", "其他", "Otro"],
  "option.certifier_role.legalPerson": ["Legal representative", "法定代表人", "Representante legal"],

  "slot.front": ["Certificate, front side (profile page)", "证件正面（个人信息页）", "Documento, cara frontal (página de datos)"],
  "slot.back": ["Certificate, back side", "证件反面", "Documento, reverso"],
  "slot.holding": ["Photo of you holding the certificate", "手持证件照片", "Foto sosteniendo el documento"],
  "slot.any": ["Attachment {n}", "附件 {n}", "Adjunto {n}"],
  "slot.corp_front": ["Enterprise certificate, front side", "企业证件正面", "Certificado de la empresa, cara frontal"],
  "slot.corp_back": ["Enterprise certificate, back side", "企业证件反面", "Certificado de la empresa, reverso"],
  "slot.person_front": ["Legal person's ID card, portrait side", "法人身份证人像面", "Documento del representante legal, cara con foto"],
  "slot.person_back": ["Legal person's ID card, national emblem side", "法人身份证国徽面", "Documento del representante legal, cara del emblema"],
  "attach.count": ["{min} to {max} files.", "{min} 到 {max} 个文件。", "De {min} a {max} archivos."],
  "attach.countExact": ["{n} files.", "{n} 个文件。", "{n} archivos."],
  "attach.formats": ["{formats}; at most {mb} MB each.", "{formats}；每个不超过 {mb} MB。", "{formats}; como máximo {mb} MB cada uno."],
  "attach.checking": ["Checking the file…", "正在检查文件…", "Comprobando el archivo…"],
  "attach.uploading": ["Uploading…", "正在上传…", "Subiendo…"],
  "attach.uploaded": ["Uploaded", "已上传", "Subido"],
  "attach.path": ["Stored as", "存储路径", "Guardado como"],
  "attach.needCustomer": [
    "Choose the customer first: files are stored under its account.",
    "请先选择客户：文件存放在该客户名下。",
    "Elija primero el cliente: los archivos se guardan en su cuenta.",
  ],

  "submit.checkIdentity": ["Check", "校验", "Comprobar"],
  "submit.realname": ["Submit for authentication", "提交认证", "Enviar para autenticación"],
  "submit.sending": ["Sending…", "正在发送…", "Enviando…"],
  "summary.invalid": [
    "The form has problems; they are marked below each field.",
    "表单有问题，已在相应字段下方标出。",
    "El formulario tiene problemas; se indican debajo de cada campo.",
  ],
  "result.title": ["Answer", "应答", "Respuesta"],
  "result.available": ["Available: it can be registered.", "可用：可以注册。", "Disponible: se puede registrar."],
  "result.used_by_user": ["Already used by an account.", "已被账号使用。", "Ya lo usa una cuenta."],
  "result.mobileRemaining": ["{n} more accounts may use this number.", "该号码还可被 {n} 个账号使用。", "{n} cuentas más pueden usar este número."],
  "result.review": [
    "Submitted: the application goes to manual review.",
    "已提交：申请将转人工审核。",
    "Enviado: la solicitud pasa a revisión manual.",
  ],
  "result.noReview": ["Submitted.", "已提交。", "Enviado."],
  "result.refused": ["Refused", "被拒绝", "Rechazado"],
  "result.code": ["Error code", "错误码", "Código de error"],
  "result.serverMessage": ["Server message", "服务器消息", "Mensaje del servidor"],
  "result.failChecks": ["Checks that failed", "未通过的检查项", "Comprobaciones no superadas"],
  "result.issues": ["Problems found by the server", "服务器发现的问题", "Problemas detectados por el servidor"],
  "result.requestId": ["Request ID", "请求 ID", "ID de la solicitud"],
  "result.network": ["The proxy could not be reached: {message}", "无法连接代理：{message}", "No se pudo contactar con el proxy: {message}"],
  "result.timeout": ["No answer within {s} s.", "{s} 秒内没有应答。", "Sin respuesta en {s} s."],
  "result.token": ["No caller token: {message}", "没有调用方令牌：{message}", "Sin token de llamada: {message}"],
  "result.aborted": ["Cancelled.", "已取消。", "Cancelado."],
  "review.check": ["Check the review result", "查询审核结果", "Consultar el resultado de la revisión"],
  "review.0": ["Under review.", "审核中。", "En revisión."],
  "review.1": ["Review failed: {opinion}", "审核未通过：{opinion}", "Revisión no superada: {opinion}"],
  "review.2": ["Approved.", "审核通过。", "Aprobada."],
};

const INDEX = { en: 0, "zh-CN": 1, es: 2 };
const STORAGE_KEY = "hwc-kyc-demo-locale";

/** The supported locale closest to a BCP 47 tag (the package does the same for its messages). */
export function closestLocale(tag) {
  const lower = String(tag || "").toLowerCase();
  if (lower.startsWith("zh")) return "zh-CN";
  if (lower.startsWith("es")) return "es";
  return "en";
}

let current = closestLocale(readStored() ?? navigator.language);
const listeners = new Set();

function readStored() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled: follow the browser
  }
}

/** The locale of the page. */
export function locale() {
  return current;
}

/** Switches the locale, remembers it for the other pages, and tells every listener. */
export function setLocale(tag) {
  current = closestLocale(tag);
  try {
    localStorage.setItem(STORAGE_KEY, current);
  } catch {
    // not remembered; the page still switches
  }
  document.documentElement.lang = current;
  for (const listener of listeners) listener(current);
}

/** Calls `listener(locale)` after every switch; returns a function that stops it. */
export function onLocaleChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The text of `key` in the current locale, `{name}` replaced by `params.name`; the key if unknown. */
export function t(key, params = {}) {
  const row = TEXT[key];
  const text = row ? row[INDEX[current]] : key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** Whether `key` has a text (option labels fall back to the raw value when not). */
export function has(key) {
  return key in TEXT;
}

/** Fills every `[data-i18n]` element's text under `root` (text only, never HTML). */
export function translate(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
}
