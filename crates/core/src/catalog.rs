//! Every documented error code and `fail_check_items` value, with descriptions in English,
//! Simplified Chinese and Spanish.
//!
//! This module is data, not logic: two static tables ([`ERROR_CODES`], [`FAIL_CHECK_ITEMS`]) and
//! a few look-ups over them. It is the only place in the crate where these codes and their texts
//! live.
//!
//! Sources:
//! - the "Returned Values" tables of the three Partner Center pages (check-identity, individual and
//!   enterprise real-name authentication);
//! - `CBC.0000` (success), which check-identity's example response carries;
//! - the review-result query (`GET /v2/customers/realname-auths/result`), which returns
//!   `CBC.0100`, `CBC.0151` and `CBC.0999`;
//! - the API gateway's authentication and throttling codes (`APIGW.*`), which any operation can
//!   return before the request reaches the service.
//! - a separate section of **partner proxy codes** (`KYC.*`, constants `PROXY_*`): what the
//!   reference partner proxy (`hwc-kyc-proxy`) answers when it refuses a request itself (caller
//!   token, body size, rate, upstream failures). No Huawei Cloud page lists them.
//!
//! The English texts are the pages' texts, lightly cleaned. Where the same code means different
//! things on different pages (`CBC.99007188`, `CBC.99005030`, `CBC.0999`), the table holds one
//! entry per meaning, each with the operations whose page gives it that meaning; pass the
//! operation to [`lookup_error`] / [`describe_error`] to get the right one.
//!
//! ```
//! use hwc_kyc::catalog::{describe_error, kind_of, ErrorKind};
//! use hwc_kyc::{Locale, Operation};
//!
//! let text = describe_error("CBC.99007188", Some(Operation::IndividualRealnameAuth), Locale::En);
//! assert_eq!(text, Some("Real-name authentication failed."));
//! assert_eq!(kind_of(Some("APIGW.0301"), 401), ErrorKind::Auth);
//! ```

use crate::locale::{localized, Localized};
use crate::{Locale, Operation};

/// What kind of failure an error code stands for, so that callers can react without knowing
/// individual codes.
///
/// ```
/// use hwc_kyc::catalog::ErrorKind;
/// assert_eq!(ErrorKind::Validation.as_str(), "validation");
/// assert_eq!(ErrorKind::Auth.as_str(), "auth");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ErrorKind {
    /// The request's parameters were refused (`CBC.0100`).
    Validation,
    /// A business rule refused the request (the other `CBC.*` codes, and `CBC.0000`, which is
    /// success but needs a kind).
    Business,
    /// Authentication, authorization or throttling at the gateway or the service (`CBC.0151`,
    /// every `APIGW.*`, HTTP 401/403).
    Auth,
    /// The service failed (`CBC.0999`, any HTTP 5xx).
    Server,
    /// The response could not be understood at all. No catalog entry has this kind and
    /// [`kind_of`] never returns it: it is for callers that fail to parse a response body.
    Malformed,
}

impl ErrorKind {
    /// The lower-case name of this kind (`"validation"`, `"business"`, `"auth"`, `"server"`,
    /// `"malformed"`), the same as its serde name.
    ///
    /// ```
    /// use hwc_kyc::catalog::ErrorKind;
    /// assert_eq!(ErrorKind::Server.as_str(), "server");
    /// assert_eq!(ErrorKind::Malformed.as_str(), "malformed");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Validation => "validation",
            ErrorKind::Business => "business",
            ErrorKind::Auth => "auth",
            ErrorKind::Server => "server",
            ErrorKind::Malformed => "malformed",
        }
    }
}

impl core::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One documented error code with one meaning: its HTTP status, the operations that return it with
/// this meaning, its kind and its description in every [`Locale`].
///
/// ```
/// use hwc_kyc::catalog::{lookup_error, ErrorKind};
/// use hwc_kyc::{Locale, Operation};
///
/// let entry = lookup_error("CBC.0151", Some(Operation::CheckIdentity)).unwrap();
/// assert_eq!(entry.status, 403);
/// assert_eq!(entry.kind, ErrorKind::Auth);
/// assert!(entry.operations.contains(&Operation::ReviewResult));
/// assert_eq!(entry.description(Locale::En), "Access denied.");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorEntry {
    /// The code as the service sends it in `error_code` (`"CBC.0100"`, `"APIGW.0301"`, ...).
    pub code: &'static str,
    /// The HTTP status the documentation gives for this code.
    pub status: u16,
    /// The operations that return this code with this meaning.
    pub operations: &'static [Operation],
    /// What kind of failure this is.
    pub kind: ErrorKind,
    /// Descriptions in `[en, zh-CN, es]` order (see `Locale::index`).
    descriptions: Localized,
}

impl ErrorEntry {
    /// The description of this code in `locale`.
    ///
    /// ```
    /// use hwc_kyc::catalog::lookup_error;
    /// use hwc_kyc::{Locale, Operation};
    ///
    /// let entry = lookup_error("CBC.0100", None).unwrap();
    /// assert_eq!(entry.description(Locale::En), "Parameter error.");
    /// assert_eq!(entry.description(Locale::ZhCn), "参数错误。");
    /// ```
    pub fn description(&self, locale: Locale) -> &'static str {
        self.descriptions.get(locale)
    }

    /// Whether `operation` returns this code with this meaning.
    ///
    /// ```
    /// use hwc_kyc::catalog::lookup_error;
    /// use hwc_kyc::Operation;
    ///
    /// let entry = lookup_error("CBC.99007191", None).unwrap();
    /// assert!(entry.applies_to(Operation::EnterpriseRealnameAuth));
    /// assert!(!entry.applies_to(Operation::CheckIdentity));
    /// ```
    pub fn applies_to(&self, operation: Operation) -> bool {
        self.operations.contains(&operation)
    }
}

/// One value of a `fail_check_items` list (returned with `CBC.99007004`), with the operations
/// whose page documents it and its description in every [`Locale`].
///
/// ```
/// use hwc_kyc::catalog::FAIL_CHECK_ITEMS;
/// use hwc_kyc::{Locale, Operation};
///
/// let item = FAIL_CHECK_ITEMS.iter().find(|item| item.code == "IS_DEBT").unwrap();
/// assert_eq!(item.operations, &[Operation::EnterpriseRealnameAuth]);
/// assert_eq!(item.description(Locale::En), "The customer's account is in arrears.");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailCheckItem {
    /// The value as the service sends it (`"PIC_FORMAT_ERR"`, `"IS_DEBT"`, ...), spelled as on the
    /// page (including `MEN_ANSWERING_ORG`).
    pub code: &'static str,
    /// The operations whose page documents this value.
    pub operations: &'static [Operation],
    /// Descriptions in `[en, zh-CN, es]` order (see `Locale::index`).
    descriptions: Localized,
}

impl FailCheckItem {
    /// The description of this check item in `locale`.
    ///
    /// ```
    /// use hwc_kyc::catalog::lookup_fail_check_item;
    /// use hwc_kyc::Locale;
    ///
    /// let item = lookup_fail_check_item("PIC_SIZE_ERR").unwrap();
    /// assert_eq!(item.description(Locale::ZhCn), "证件图片大小不符合要求。");
    /// ```
    pub fn description(&self, locale: Locale) -> &'static str {
        self.descriptions.get(locale)
    }
}

// Operation lists shared by several entries.
const ALL: &[Operation] = &Operation::ALL;
const IND: &[Operation] = &[Operation::IndividualRealnameAuth];
const ENT: &[Operation] = &[Operation::EnterpriseRealnameAuth];
const IND_ENT: &[Operation] = &[
    Operation::IndividualRealnameAuth,
    Operation::EnterpriseRealnameAuth,
];
/// The operations a partner proxy guards with a caller token (every one but check-identity).
const TOKEN_OPERATIONS: &[Operation] = &[
    Operation::IndividualRealnameAuth,
    Operation::EnterpriseRealnameAuth,
    Operation::ReviewResult,
];
/// The submissions: where the partner proxy takes an `Idempotency-Key` (uploads too, which are
/// not a Huawei Cloud operation).
const SUBMISSIONS: &[Operation] = &[
    Operation::IndividualRealnameAuth,
    Operation::EnterpriseRealnameAuth,
];
/// Where `CBC.0999` reads "Other errors." (the enterprise page says "Unknown error occurred.").
const OTHER_ERRORS: &[Operation] = &[
    Operation::CheckIdentity,
    Operation::IndividualRealnameAuth,
    Operation::ReviewResult,
];

// ---- Partner proxy codes ------------------------------------------------------------------------

/// Prefix of the partner proxy's own codes (`KYC.*`), which no Huawei Cloud page lists.
pub const PROXY_CODE_PREFIX: &str = "KYC.";
/// Partner proxy, HTTP 401: the caller token is missing, invalid or expired.
pub const PROXY_UNAUTHORIZED: &str = "KYC.0401";
/// Partner proxy, HTTP 403: the caller token is for another customer.
pub const PROXY_FORBIDDEN: &str = "KYC.0403";
/// Partner proxy, HTTP 404: no such route.
pub const PROXY_NOT_FOUND: &str = "KYC.0404";
/// Partner proxy, HTTP 405: the route does not take this method.
pub const PROXY_METHOD_NOT_ALLOWED: &str = "KYC.0405";
/// Partner proxy, HTTP 408: the caller did not send the whole request body in time.
pub const PROXY_REQUEST_TIMEOUT: &str = "KYC.0408";
/// Partner proxy, HTTP 413: the body is larger than the proxy accepts.
pub const PROXY_PAYLOAD_TOO_LARGE: &str = "KYC.0413";
/// Partner proxy, HTTP 415: the body is not JSON (or multipart for uploads).
pub const PROXY_UNSUPPORTED_MEDIA_TYPE: &str = "KYC.0415";
/// Partner proxy, HTTP 429: too many requests from one client address.
pub const PROXY_TOO_MANY_REQUESTS: &str = "KYC.0429";
/// Partner proxy, HTTP 500: the proxy itself failed (storage, configuration).
pub const PROXY_INTERNAL_ERROR: &str = "KYC.0500";
/// Partner proxy, HTTP 502: the upstream's answer could not be read, or the connection failed.
pub const PROXY_BAD_GATEWAY: &str = "KYC.0502";
/// Partner proxy, HTTP 504: the upstream did not answer in time.
pub const PROXY_GATEWAY_TIMEOUT: &str = "KYC.0504";
/// Partner proxy, HTTP 400: the `Idempotency-Key` header is malformed.
pub const PROXY_BAD_IDEMPOTENCY_KEY: &str = "KYC.0400";
/// Partner proxy, HTTP 409: a request with this `Idempotency-Key` is still being answered.
pub const PROXY_IDEMPOTENCY_IN_FLIGHT: &str = "KYC.0409";
/// Partner proxy, HTTP 422: this `Idempotency-Key` was used with another request body.
pub const PROXY_IDEMPOTENCY_KEY_REUSED: &str = "KYC.0422";
/// Partner proxy, HTTP 503: the proxy's shared state (Redis) is unavailable; nothing was sent.
pub const PROXY_UNAVAILABLE: &str = "KYC.0503";

const fn err(
    code: &'static str,
    status: u16,
    operations: &'static [Operation],
    kind: ErrorKind,
    descriptions: Localized,
) -> ErrorEntry {
    ErrorEntry {
        code,
        status,
        operations,
        kind,
        descriptions,
    }
}

const fn item(
    code: &'static str,
    operations: &'static [Operation],
    descriptions: Localized,
) -> FailCheckItem {
    FailCheckItem {
        code,
        operations,
        descriptions,
    }
}

/// Every documented error code, one entry per (code, meaning).
///
/// Contents: `CBC.0000` (success, 200); every code of the "Returned Values" tables of the
/// check-identity, individual and enterprise real-name-authentication pages, with the page's HTTP
/// status; `CBC.0100`, `CBC.0151` and `CBC.0999` also for the review-result query; the gateway
/// codes `APIGW.0301`, `APIGW.0101`, `APIGW.0303` (401) and `APIGW.0308` (429) for every
/// operation; and, in a separate last section, the partner proxy's own codes (`KYC.0401` ...
/// `KYC.0504`, see [`PROXY_UNAUTHORIZED`] and the other `PROXY_*` constants). A code appears more
/// than once only when pages give it different meanings; no two entries share both a code and an
/// operation.
///
/// ```
/// use hwc_kyc::catalog::{lookup_error, ErrorKind, PROXY_TOO_MANY_REQUESTS};
/// use hwc_kyc::Locale;
///
/// let entry = lookup_error(PROXY_TOO_MANY_REQUESTS, None).unwrap();
/// assert_eq!((entry.code, entry.status, entry.kind), ("KYC.0429", 429, ErrorKind::Auth));
/// assert!(entry.description(Locale::ZhCn).contains("请求过多"));
/// ```
///
/// ```
/// use hwc_kyc::catalog::ERROR_CODES;
/// use hwc_kyc::Operation;
///
/// let enterprise_codes = ERROR_CODES
///     .iter()
///     .filter(|e| e.applies_to(Operation::EnterpriseRealnameAuth) && e.code.starts_with("CBC."))
///     .count();
/// assert_eq!(enterprise_codes, 10); // the page's nine codes plus CBC.0000
/// ```
pub static ERROR_CODES: &[ErrorEntry] = &[
    // ---- Success -------------------------------------------------------------------------------
    err(
        "CBC.0000",
        200,
        ALL,
        ErrorKind::Business,
        localized!("Success.", "成功。", "Operación realizada correctamente."),
    ),
    // ---- Common to every CBC operation ---------------------------------------------------------
    err(
        "CBC.0100",
        400,
        ALL,
        ErrorKind::Validation,
        localized!(
            "Parameter error.",
            "参数错误。",
            "Error en los parámetros de la solicitud.",
        ),
    ),
    err(
        "CBC.0151",
        403,
        ALL,
        ErrorKind::Auth,
        localized!("Access denied.", "访问拒绝。", "Acceso denegado."),
    ),
    err(
        "CBC.0999",
        500,
        OTHER_ERRORS,
        ErrorKind::Server,
        localized!(
            "Other errors.",
            "其他错误。",
            "Se produjo un error no especificado.",
        ),
    ),
    err(
        "CBC.0999",
        500,
        ENT,
        ErrorKind::Server,
        localized!(
            "An unknown error occurred.",
            "未知错误。",
            "Se produjo un error desconocido.",
        ),
    ),
    // ---- Individual real-name authentication ---------------------------------------------------
    err(
        "CBC.99000000",
        400,
        IND,
        ErrorKind::Business,
        localized!(
            "You do not have permission to perform operations on this customer.",
            "您没有该客户的操作权限。",
            "No tiene permiso para realizar operaciones sobre este cliente.",
        ),
    ),
    err(
        "CBC.99000027",
        400,
        IND,
        ErrorKind::Business,
        localized!(
            "The customer has already passed real-name authentication or is under review.",
            "该客户已通过实名认证或正在审核中。",
            "El cliente ya superó la autenticación de nombre real o su solicitud está en revisión.",
        ),
    ),
    err(
        "CBC.99000026",
        400,
        IND,
        ErrorKind::Business,
        localized!(
            "The customer has exceeded the maximum number of real-name authentication attempts.",
            "客户实名认证次数已超过上限。",
            "El cliente superó el número máximo de intentos de autenticación de nombre real.",
        ),
    ),
    err(
        "CBC.99000035",
        400,
        IND_ENT,
        ErrorKind::Business,
        localized!(
            "You are not a customer of a partner yet.",
            "您还不是合作伙伴的客户。",
            "Todavía no es cliente de ningún socio.",
        ),
    ),
    err(
        "CBC.99005030",
        400,
        IND,
        ErrorKind::Business,
        localized!(
            "The partner has not completed real-name authentication or bucket authentication.",
            "伙伴未完成实名认证或桶鉴权。",
            "El socio no completó la autenticación de nombre real o la autenticación del bucket.",
        ),
    ),
    err(
        "CBC.99005030",
        400,
        ENT,
        ErrorKind::Business,
        localized!(
            "The partner has not enabled uploading attachments for real-name authentication.",
            "伙伴未开启实名认证附件上传功能。",
            "El socio no habilitó la carga de archivos adjuntos para la autenticación de nombre \
             real.",
        ),
    ),
    err(
        "CBC.99007004",
        400,
        IND_ENT,
        ErrorKind::Business,
        localized!(
            "The requested operation does not meet the service check item requirements. See \
             fail_check_items for details.",
            "发起的业务操作存在不满足的业务检查项，详见 fail_check_items。",
            "La operación solicitada no cumple los requisitos de verificación del servicio. \
             Consulte fail_check_items para ver el detalle.",
        ),
    ),
    err(
        "CBC.99007188",
        400,
        IND,
        ErrorKind::Business,
        localized!(
            "Real-name authentication failed.",
            "实名认证失败。",
            "No se superó la autenticación de nombre real.",
        ),
    ),
    err(
        "CBC.99007188",
        400,
        ENT,
        ErrorKind::Business,
        localized!(
            "The customer has already passed real-name authentication or is under review.",
            "该客户已通过实名认证或实名认证正在审核中。",
            "El cliente ya superó la autenticación de nombre real o esta se encuentra en revisión.",
        ),
    ),
    err(
        "CBC.99007189",
        400,
        IND,
        ErrorKind::Business,
        localized!(
            "The number of users who have used this certificate ID for real-name authentication \
             has reached the limit.",
            "使用该证件号进行实名认证的用户数已达上限。",
            "Se alcanzó el número máximo de usuarios que pueden usar este número de documento \
             para la autenticación de nombre real.",
        ),
    ),
    err(
        "CBC.99007193",
        400,
        IND,
        ErrorKind::Business,
        localized!(
            "The certificate ID belongs to an invalid certificate and cannot be used for \
             real-name authentication.",
            "该证件号属于无效证件，不能用于实名认证。",
            "El número de documento corresponde a un documento no válido y no se puede usar para \
             la autenticación de nombre real.",
        ),
    ),
    err(
        "CBC.99007202",
        400,
        IND,
        ErrorKind::Business,
        localized!(
            "The ID information or mobile number is incorrect.",
            "身份信息或手机号码不正确。",
            "Los datos de identidad o el número de teléfono móvil son incorrectos.",
        ),
    ),
    err(
        "CBC.99007259",
        400,
        IND,
        ErrorKind::Business,
        localized!(
            "You are a partner and cannot complete individual real-name authentication.",
            "您是合作伙伴，不能进行个人实名认证。",
            "Como socio, no puede realizar la autenticación de nombre real individual.",
        ),
    ),
    err(
        "CBC.99007261",
        400,
        IND,
        ErrorKind::Business,
        localized!(
            "The bank card is not supported. Try another bank card.",
            "不支持该银行卡，请尝试其他银行卡。",
            "No se admite esta tarjeta bancaria. Pruebe con otra.",
        ),
    ),
    err(
        "CBC.99007265",
        400,
        IND,
        ErrorKind::Business,
        localized!(
            "You are a partner and cannot complete individual real-name authentication.",
            "您是合作伙伴，不能进行个人实名认证。",
            "Como socio, no puede realizar la autenticación de nombre real individual.",
        ),
    ),
    // ---- Enterprise real-name authentication ---------------------------------------------------
    err(
        "CBC.99007191",
        400,
        ENT,
        ErrorKind::Business,
        localized!(
            "The customer has exceeded the maximum number of real-name authentication attempts.",
            "客户实名认证次数已超过上限。",
            "El cliente superó el número máximo de intentos de autenticación de nombre real.",
        ),
    ),
    err(
        "CBC.70600026",
        400,
        ENT,
        ErrorKind::Business,
        localized!(
            "Huawei Cloud cannot review the information you submitted for real-name \
             authentication. Contact your account manager.",
            "抱歉，华为云暂无法审核您提交的实名认证信息，请联系您的客户经理协助。",
            "Huawei Cloud no puede revisar la información que envió para la autenticación de \
             nombre real. Póngase en contacto con su gerente de cuenta.",
        ),
    ),
    // ---- API gateway (any operation) -----------------------------------------------------------
    err(
        "APIGW.0301",
        401,
        ALL,
        ErrorKind::Auth,
        localized!(
            "Incorrect IAM authentication information: verify aksk signature fail",
            "IAM认证信息错误：AK/SK签名校验失败。",
            "La información de autenticación de IAM es incorrecta: falló la verificación de la \
             firma AK/SK.",
        ),
    ),
    err(
        "APIGW.0101",
        401,
        ALL,
        ErrorKind::Auth,
        localized!(
            "The API does not exist.",
            "API不存在。",
            "La API no existe.",
        ),
    ),
    err(
        "APIGW.0303",
        401,
        ALL,
        ErrorKind::Auth,
        localized!(
            "Incorrect app authentication information.",
            "APP认证信息错误。",
            "La información de autenticación de la aplicación es incorrecta.",
        ),
    ),
    err(
        "APIGW.0308",
        429,
        ALL,
        ErrorKind::Auth,
        localized!(
            "The throttling threshold has been reached.",
            "已达到流控阈值。",
            "Se alcanzó el umbral de limitación de solicitudes.",
        ),
    ),
    // ---- Partner proxy codes (hwc-kyc-proxy's own answers, not Huawei Cloud's) -----------------
    // Not on any page: the reference partner proxy refuses some requests itself before anything
    // reaches the upstream, and a browser needs stable codes and localized texts for them too.
    err(
        PROXY_UNAUTHORIZED,
        401,
        TOKEN_OPERATIONS,
        ErrorKind::Auth,
        localized!(
            "A caller token is missing, invalid or expired. Sign in again.",
            "调用方令牌缺失、无效或已过期，请重新登录。",
            "Falta el token de la persona que llama, no es válido o caducó. Vuelva a iniciar \
             sesión.",
        ),
    ),
    err(
        PROXY_FORBIDDEN,
        403,
        TOKEN_OPERATIONS,
        ErrorKind::Auth,
        localized!(
            "The caller token does not allow acting for this customer.",
            "调用方令牌无权代表该客户操作。",
            "El token de la persona que llama no permite actuar en nombre de este cliente.",
        ),
    ),
    err(
        PROXY_NOT_FOUND,
        404,
        ALL,
        ErrorKind::Business,
        localized!(
            "The partner proxy has no such route.",
            "伙伴代理不存在该路由。",
            "El proxy del socio no tiene esa ruta.",
        ),
    ),
    err(
        PROXY_METHOD_NOT_ALLOWED,
        405,
        ALL,
        ErrorKind::Business,
        localized!(
            "This route does not accept this HTTP method.",
            "该路由不接受此 HTTP 方法。",
            "Esta ruta no acepta este método HTTP.",
        ),
    ),
    err(
        PROXY_REQUEST_TIMEOUT,
        408,
        ALL,
        ErrorKind::Business,
        localized!(
            "The request was not received in time. Check the connection and try again.",
            "未能及时收到完整的请求，请检查网络连接后重试。",
            "La solicitud no se recibió a tiempo. Compruebe la conexión e inténtelo de nuevo.",
        ),
    ),
    err(
        PROXY_PAYLOAD_TOO_LARGE,
        413,
        ALL,
        ErrorKind::Business,
        localized!(
            "The request body is too large.",
            "请求体过大。",
            "El cuerpo de la solicitud es demasiado grande.",
        ),
    ),
    err(
        PROXY_UNSUPPORTED_MEDIA_TYPE,
        415,
        ALL,
        ErrorKind::Business,
        localized!(
            "Unsupported content type: send application/json (multipart/form-data for uploads).",
            "不支持的内容类型：请发送 application/json（上传文件请使用 multipart/form-data）。",
            "Tipo de contenido no admitido: envíe application/json (multipart/form-data para \
             subir archivos).",
        ),
    ),
    err(
        PROXY_TOO_MANY_REQUESTS,
        429,
        ALL,
        ErrorKind::Auth,
        localized!(
            "Too many requests from this address. Try again later.",
            "来自该地址的请求过多，请稍后重试。",
            "Demasiadas solicitudes desde esta dirección. Inténtelo de nuevo más tarde.",
        ),
    ),
    err(
        PROXY_INTERNAL_ERROR,
        500,
        ALL,
        ErrorKind::Server,
        localized!(
            "The partner proxy failed to process the request.",
            "伙伴代理处理请求失败。",
            "El proxy del socio no pudo procesar la solicitud.",
        ),
    ),
    err(
        PROXY_BAD_GATEWAY,
        502,
        ALL,
        ErrorKind::Server,
        localized!(
            "Huawei Cloud sent an answer that could not be understood, or none at all.",
            "华为云返回了无法识别的应答，或未返回应答。",
            "Huawei Cloud envió una respuesta que no se pudo interpretar, o ninguna respuesta.",
        ),
    ),
    err(
        PROXY_GATEWAY_TIMEOUT,
        504,
        ALL,
        ErrorKind::Server,
        localized!(
            "Huawei Cloud did not answer in time. Try again later.",
            "华为云未能及时应答，请稍后重试。",
            "Huawei Cloud no respondió a tiempo. Inténtelo de nuevo más tarde.",
        ),
    ),
    err(
        PROXY_BAD_IDEMPOTENCY_KEY,
        400,
        SUBMISSIONS,
        ErrorKind::Business,
        localized!(
            "The Idempotency-Key header is malformed: send one string of 1 to 255 characters.",
            "Idempotency-Key 请求头格式错误：请发送一个 1 到 255 个字符的字符串。",
            "La cabecera Idempotency-Key no es válida: envíe una cadena de 1 a 255 caracteres.",
        ),
    ),
    err(
        PROXY_IDEMPOTENCY_IN_FLIGHT,
        409,
        SUBMISSIONS,
        ErrorKind::Business,
        localized!(
            "The same request is still being processed. Try again shortly.",
            "相同的请求仍在处理中，请稍后重试。",
            "La misma solicitud todavía se está procesando. Inténtelo de nuevo en breve.",
        ),
    ),
    err(
        PROXY_IDEMPOTENCY_KEY_REUSED,
        422,
        SUBMISSIONS,
        ErrorKind::Business,
        localized!(
            "This Idempotency-Key was already used for a different request.",
            "该 Idempotency-Key 已用于另一个不同的请求。",
            "Esta Idempotency-Key ya se usó para una solicitud diferente.",
        ),
    ),
    err(
        PROXY_UNAVAILABLE,
        503,
        SUBMISSIONS,
        ErrorKind::Server,
        localized!(
            "The partner proxy is temporarily unavailable; nothing was sent. Try again shortly.",
            "伙伴代理暂时不可用，请求未发送，请稍后重试。",
            "El proxy del socio no está disponible temporalmente; no se envió nada. Inténtelo \
             de nuevo en breve.",
        ),
    ),
];

/// Every documented `fail_check_items` value: Table 1 of the individual page
/// (`PIC_FORMAT_ERR` ... `INVALID_IDCARD_FACE`) and Table 2 of the enterprise page (`IS_DEBT` ...
/// `MEM_OF_ORG_EQUITY_APPROVED`), in the pages' order and spelling.
///
/// ```
/// use hwc_kyc::catalog::FAIL_CHECK_ITEMS;
/// assert_eq!(FAIL_CHECK_ITEMS.len(), 16);
/// assert!(FAIL_CHECK_ITEMS.iter().any(|item| item.code == "MEN_ANSWERING_ORG"));
/// ```
pub static FAIL_CHECK_ITEMS: &[FailCheckItem] = &[
    // ---- Individual page, Table 1 --------------------------------------------------------------
    item(
        "PIC_FORMAT_ERR",
        IND,
        localized!(
            "The certificate picture format is incorrect.",
            "证件图片格式错误。",
            "El formato de la imagen del documento es incorrecto.",
        ),
    ),
    item(
        "PIC_SIZE_ERR",
        IND,
        localized!(
            "The certificate picture size is incorrect.",
            "证件图片大小不符合要求。",
            "El tamaño de la imagen del documento no es válido.",
        ),
    ),
    item(
        "INVALID_FRONT_IDCARD",
        IND,
        localized!(
            "The front side of the certificate is invalid or blurred.",
            "证件正面照片无效或模糊。",
            "La imagen del anverso del documento no es válida o está borrosa.",
        ),
    ),
    item(
        "INVALID_BACK_IDCARD",
        IND,
        localized!(
            "The back side of the certificate is invalid or blurred.",
            "证件反面照片无效或模糊。",
            "La imagen del reverso del documento no es válida o está borrosa.",
        ),
    ),
    item(
        "IDCARD_INFO_NOT_SAME",
        IND,
        localized!(
            "The entered certificate information differs from that shown in the picture of the \
             front side of the certificate.",
            "填写的证件信息与证件正面照片中的信息不一致。",
            "Los datos del documento proporcionados no coinciden con los que aparecen en la \
             imagen del anverso del documento.",
        ),
    ),
    item(
        "INVALID_IDCARD_FACE",
        IND,
        localized!(
            "The picture of the customer holding the certificate is invalid or blurred.",
            "手持证件照片无效或模糊。",
            "La foto del cliente sosteniendo el documento no es válida o está borrosa.",
        ),
    ),
    // ---- Enterprise page, Table 2 --------------------------------------------------------------
    item(
        "IS_DEBT",
        ENT,
        localized!(
            "The customer's account is in arrears.",
            "客户账户存在欠费。",
            "La cuenta del cliente tiene pagos pendientes.",
        ),
    ),
    item(
        "IS_CREDIT_ACCOUNT",
        ENT,
        localized!(
            "The customer has a credit account with an outstanding credit balance.",
            "客户有信用账户且存在信用欠款。",
            "El cliente tiene una cuenta de crédito con saldo pendiente.",
        ),
    ),
    item(
        "IS_ORG_ACCOUNT",
        ENT,
        localized!(
            "The customer account is an enterprise master account or member account.",
            "客户账号是企业主账号或成员账号。",
            "La cuenta del cliente es una cuenta maestra o una cuenta miembro de una empresa.",
        ),
    ),
    item(
        "MEM_OF_ORG",
        ENT,
        localized!(
            "Your account and the associated master account belong to the same legal entity. \
             Cancel the association before performing real-name authentication.",
            "您的账号与关联的企业主账号属于同一法人主体，请先解除关联，再进行实名认证。",
            "Su cuenta y la cuenta maestra asociada pertenecen a la misma entidad jurídica. \
             Cancele la asociación antes de realizar la autenticación de nombre real.",
        ),
    ),
    item(
        "MEN_ANSWERING_ORG",
        ENT,
        localized!(
            "You have received an invitation to associate with another account as a member \
             account. Reject the invitation, then perform real-name authentication.",
            "您收到了其他账号邀请您作为其成员账号进行关联的邀请，请先拒绝该邀请，再进行实名认证。",
            "Recibió una invitación de otra cuenta para asociarse a ella como cuenta miembro. \
             Rechace la invitación y luego realice la autenticación de nombre real.",
        ),
    ),
    item(
        "ORG_INVITING_MEM",
        ENT,
        localized!(
            "Your account is a master account and has invited another account to associate as a \
             member account. Cancel the invitation, then perform real-name authentication.",
            "您的账号是企业主账号，且已邀请其他账号作为成员账号进行关联，请先取消邀请，再进行实名认证。",
            "Su cuenta es una cuenta maestra y ha invitado a otra cuenta a asociarse como cuenta \
             miembro. Cancele la invitación y luego realice la autenticación de nombre real.",
        ),
    ),
    item(
        "ORG_HAVE_MEM_EQUITY_APPLYING",
        ENT,
        localized!(
            "Your account is a master account and its equity certificate is under review. Wait \
             until the certificate is approved, then perform real-name authentication.",
            "您的账号是企业主账号，权益证书正在审核中，请等待审核通过后再进行实名认证。",
            "Su cuenta es una cuenta maestra y su certificado de derechos está en revisión. \
             Espere a que se apruebe y luego realice la autenticación de nombre real.",
        ),
    ),
    item(
        "MEM_OF_ORG_EQUITY_APPLYING",
        ENT,
        localized!(
            "Your account is a member account and the equity certificate of the associated master \
             account is under review. Wait until the certificate is approved, then perform \
             real-name authentication.",
            "您的账号是成员账号，所关联企业主账号的权益证书正在审核中，请等待审核通过后再进行实名认证。",
            "Su cuenta es una cuenta miembro y el certificado de derechos de la cuenta maestra \
             asociada está en revisión. Espere a que se apruebe y luego realice la autenticación \
             de nombre real.",
        ),
    ),
    item(
        "ORG_HAVE_MEM_EQUITY_APPROVED",
        ENT,
        localized!(
            "Your account is a master account and already has an equity certificate. Cancel the \
             association with the member account that has the equity certificate, then perform \
             real-name authentication.",
            "您的账号是企业主账号，且已有权益证书，请先解除与持有权益证书的成员账号的关联，再进行实名认证。",
            "Su cuenta es una cuenta maestra y ya tiene un certificado de derechos. Cancele la \
             asociación con la cuenta miembro que tiene el certificado y luego realice la \
             autenticación de nombre real.",
        ),
    ),
    item(
        "MEM_OF_ORG_EQUITY_APPROVED",
        ENT,
        localized!(
            "Your account is a member account and already has an equity certificate. Cancel the \
             association with the master account, then perform real-name authentication.",
            "您的账号是成员账号，且已有权益证书，请先解除与企业主账号的关联，再进行实名认证。",
            "Su cuenta es una cuenta miembro y ya tiene un certificado de derechos. Cancele la \
             asociación con la cuenta maestra y luego realice la autenticación de nombre real.",
        ),
    ),
];

/// The catalog entry for `code`.
///
/// With `Some(operation)`, the entry whose code matches and whose operations contain `operation`;
/// if no entry of that code lists the operation (or with `None`), the first entry with that code.
/// `None` when the code is not in the catalog. Codes are compared exactly (case-sensitive), as
/// the service sends them.
///
/// ```
/// use hwc_kyc::catalog::lookup_error;
/// use hwc_kyc::{Locale, Operation};
///
/// let individual = lookup_error("CBC.99007188", Some(Operation::IndividualRealnameAuth)).unwrap();
/// let enterprise = lookup_error("CBC.99007188", Some(Operation::EnterpriseRealnameAuth)).unwrap();
/// assert_ne!(individual.description(Locale::En), enterprise.description(Locale::En));
///
/// // Not listed for check-identity: falls back to the first entry with the code.
/// assert!(lookup_error("CBC.99007188", Some(Operation::CheckIdentity)).is_some());
/// assert!(lookup_error("CBC.12345678", None).is_none());
/// ```
pub fn lookup_error(code: &str, operation: Option<Operation>) -> Option<&'static ErrorEntry> {
    let mut first = None;
    for entry in ERROR_CODES.iter().filter(|entry| entry.code == code) {
        match operation {
            None => return Some(entry),
            Some(op) if entry.applies_to(op) => return Some(entry),
            Some(_) => {
                if first.is_none() {
                    first = Some(entry);
                }
            }
        }
    }
    first
}

/// The description of `code` in `locale`, chosen as by [`lookup_error`]; `None` for an unknown
/// code.
///
/// ```
/// use hwc_kyc::catalog::describe_error;
/// use hwc_kyc::{Locale, Operation};
///
/// assert_eq!(
///     describe_error("CBC.0999", Some(Operation::EnterpriseRealnameAuth), Locale::En),
///     Some("An unknown error occurred."),
/// );
/// assert_eq!(
///     describe_error("CBC.0151", None, Locale::Es),
///     Some("Acceso denegado."),
/// );
/// assert_eq!(describe_error("NOPE", None, Locale::En), None);
/// ```
pub fn describe_error(
    code: &str,
    operation: Option<Operation>,
    locale: Locale,
) -> Option<&'static str> {
    lookup_error(code, operation).map(|entry| entry.description(locale))
}

/// The kind of an error response, from its `error_code` (if any) and HTTP status.
///
/// The first rule that applies wins:
/// 1. a code in the catalog → that entry's kind (whatever the status);
/// 2. an unknown code starting with `APIGW.` → [`ErrorKind::Auth`];
/// 3. status 401 or 403 → [`ErrorKind::Auth`];
/// 4. status 500–599 → [`ErrorKind::Server`];
/// 5. anything else (an unknown `CBC.*` or other code, or no code, with a 4xx or any other
///    status) → [`ErrorKind::Business`].
///
/// So [`ErrorKind::Validation`] only ever comes from `CBC.0100`, and [`ErrorKind::Malformed`]
/// never comes from here.
///
/// ```
/// use hwc_kyc::catalog::{kind_of, ErrorKind};
///
/// assert_eq!(kind_of(Some("CBC.0100"), 400), ErrorKind::Validation);
/// assert_eq!(kind_of(Some("CBC.0999"), 500), ErrorKind::Server);
/// assert_eq!(kind_of(Some("APIGW.9999"), 400), ErrorKind::Auth);
/// assert_eq!(kind_of(Some("CBC.12345678"), 503), ErrorKind::Server);
/// assert_eq!(kind_of(None, 403), ErrorKind::Auth);
/// assert_eq!(kind_of(None, 400), ErrorKind::Business);
/// ```
pub fn kind_of(code: Option<&str>, status: u16) -> ErrorKind {
    if let Some(code) = code {
        if let Some(entry) = lookup_error(code, None) {
            return entry.kind;
        }
        if code.starts_with("APIGW.") {
            return ErrorKind::Auth;
        }
    }
    match status {
        401 | 403 => ErrorKind::Auth,
        500..=599 => ErrorKind::Server,
        _ => ErrorKind::Business,
    }
}

/// The catalog entry for a `fail_check_items` value, or `None` when it is not documented.
/// Values are compared exactly (case-sensitive).
///
/// ```
/// use hwc_kyc::catalog::lookup_fail_check_item;
/// use hwc_kyc::Operation;
///
/// let item = lookup_fail_check_item("INVALID_IDCARD_FACE").unwrap();
/// assert_eq!(item.operations, &[Operation::IndividualRealnameAuth]);
/// assert!(lookup_fail_check_item("invalid_idcard_face").is_none());
/// ```
pub fn lookup_fail_check_item(code: &str) -> Option<&'static FailCheckItem> {
    FAIL_CHECK_ITEMS.iter().find(|item| item.code == code)
}

/// The description of a `fail_check_items` value in `locale`, or `None` when it is not
/// documented.
///
/// ```
/// use hwc_kyc::catalog::describe_fail_check_item;
/// use hwc_kyc::Locale;
///
/// assert_eq!(
///     describe_fail_check_item("IS_DEBT", Locale::En),
///     Some("The customer's account is in arrears."),
/// );
/// assert_eq!(describe_fail_check_item("IS_DEBT", Locale::ZhCn), Some("客户账户存在欠费。"));
/// assert_eq!(describe_fail_check_item("NOT_A_CHECK", Locale::En), None);
/// ```
pub fn describe_fail_check_item(code: &str, locale: Locale) -> Option<&'static str> {
    lookup_fail_check_item(code).map(|item| item.description(locale))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Operation::{
        CheckIdentity as CI, EnterpriseRealnameAuth as ENTERPRISE,
        IndividualRealnameAuth as INDIVIDUAL, ReviewResult as RR,
    };

    /// (code, HTTP status, operation) exactly as the pages (and the brief's additions) give them.
    const EXPECTED: &[(&str, u16, Operation)] = &[
        // check-customer-registration.txt, Returned Values
        ("CBC.0100", 400, CI),
        ("CBC.0151", 403, CI),
        ("CBC.0999", 500, CI),
        // individual-realname-auth.txt, Returned Values
        ("CBC.99000000", 400, INDIVIDUAL),
        ("CBC.99000027", 400, INDIVIDUAL),
        ("CBC.99000026", 400, INDIVIDUAL),
        ("CBC.99000035", 400, INDIVIDUAL),
        ("CBC.99005030", 400, INDIVIDUAL),
        ("CBC.99007004", 400, INDIVIDUAL),
        ("CBC.99007188", 400, INDIVIDUAL),
        ("CBC.99007189", 400, INDIVIDUAL),
        ("CBC.99007193", 400, INDIVIDUAL),
        ("CBC.99007202", 400, INDIVIDUAL),
        ("CBC.99007259", 400, INDIVIDUAL),
        ("CBC.99007261", 400, INDIVIDUAL),
        ("CBC.99007265", 400, INDIVIDUAL),
        ("CBC.0100", 400, INDIVIDUAL),
        ("CBC.0151", 403, INDIVIDUAL),
        ("CBC.0999", 500, INDIVIDUAL),
        // enterprise-realname-auth.txt, Returned Values
        ("CBC.0100", 400, ENTERPRISE),
        ("CBC.99000035", 400, ENTERPRISE),
        ("CBC.99005030", 400, ENTERPRISE),
        ("CBC.99007004", 400, ENTERPRISE),
        ("CBC.99007188", 400, ENTERPRISE),
        ("CBC.99007191", 400, ENTERPRISE),
        ("CBC.70600026", 400, ENTERPRISE),
        ("CBC.0151", 403, ENTERPRISE),
        ("CBC.0999", 500, ENTERPRISE),
        // review-result query
        ("CBC.0100", 400, RR),
        ("CBC.0151", 403, RR),
        ("CBC.0999", 500, RR),
    ];

    /// Codes every operation can return: success and the gateway's.
    const EVERY_OPERATION: &[(&str, u16)] = &[
        ("CBC.0000", 200),
        ("APIGW.0301", 401),
        ("APIGW.0101", 401),
        ("APIGW.0303", 401),
        ("APIGW.0308", 429),
    ];

    /// The partner proxy's own codes (not on any page): (code, HTTP status, kind), and whether
    /// only the token-guarded operations return it.
    const PROXY_SECTION: &[(&str, u16, ErrorKind, bool)] = &[
        ("KYC.0401", 401, ErrorKind::Auth, true),
        ("KYC.0403", 403, ErrorKind::Auth, true),
        ("KYC.0404", 404, ErrorKind::Business, false),
        ("KYC.0405", 405, ErrorKind::Business, false),
        ("KYC.0408", 408, ErrorKind::Business, false),
        ("KYC.0413", 413, ErrorKind::Business, false),
        ("KYC.0415", 415, ErrorKind::Business, false),
        ("KYC.0429", 429, ErrorKind::Auth, false),
        ("KYC.0500", 500, ErrorKind::Server, false),
        ("KYC.0502", 502, ErrorKind::Server, false),
        ("KYC.0504", 504, ErrorKind::Server, false),
        ("KYC.0400", 400, ErrorKind::Business, true),
        ("KYC.0409", 409, ErrorKind::Business, true),
        ("KYC.0422", 422, ErrorKind::Business, true),
        ("KYC.0503", 503, ErrorKind::Server, true),
    ];

    fn expected_all() -> Vec<(&'static str, u16, Operation)> {
        let mut all = EXPECTED.to_vec();
        for &(code, status) in EVERY_OPERATION {
            for op in Operation::ALL {
                all.push((code, status, op));
            }
        }
        all
    }

    fn is_proxy_code(code: &str) -> bool {
        code.starts_with(PROXY_CODE_PREFIX)
    }

    #[test]
    fn proxy_codes_form_a_separate_last_section_with_their_statuses_and_kinds() {
        let first_proxy = ERROR_CODES
            .iter()
            .position(|e| is_proxy_code(e.code))
            .expect("proxy section present");
        assert!(ERROR_CODES[..first_proxy]
            .iter()
            .all(|e| !is_proxy_code(e.code)));
        let section = &ERROR_CODES[first_proxy..];
        assert!(section.iter().all(|e| is_proxy_code(e.code)));
        assert_eq!(section.len(), PROXY_SECTION.len());
        let token_ops = [INDIVIDUAL, ENTERPRISE, RR];
        let submissions = [INDIVIDUAL, ENTERPRISE];
        for (entry, &(code, status, kind, token_only)) in section.iter().zip(PROXY_SECTION) {
            assert_eq!((entry.code, entry.status, entry.kind), (code, status, kind));
            // The idempotency codes (and 503, which only a keyed submission gets) are the
            // submissions'.
            let idempotency = matches!(status, 400 | 409 | 422 | 503);
            let ops: &[Operation] = match (token_only, idempotency) {
                (true, true) => &submissions,
                (true, false) => &token_ops,
                _ => &Operation::ALL,
            };
            assert_eq!(entry.operations, ops, "{code}");
        }
        assert_eq!(
            lookup_error(PROXY_BAD_GATEWAY, None).map(|e| e.status),
            Some(502)
        );
        assert_eq!(kind_of(Some(PROXY_GATEWAY_TIMEOUT), 504), ErrorKind::Server);
        assert_eq!(kind_of(Some(PROXY_FORBIDDEN), 403), ErrorKind::Auth);
    }

    fn has_cjk(text: &str) -> bool {
        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_code_listed_on_each_page_is_present_with_the_pages_status() {
        for (code, status, op) in expected_all() {
            let entry = lookup_error(code, Some(op)).unwrap_or_else(|| panic!("{code} missing"));
            assert!(entry.applies_to(op), "{code}: no entry lists {op:?}");
            assert_eq!(entry.status, status, "{code} for {op:?}");
        }
    }

    #[test]
    fn the_table_holds_nothing_the_pages_do_not_list() {
        let expected = expected_all();
        // The partner proxy's section is checked against PROXY_SECTION instead.
        let documented = ERROR_CODES.iter().filter(|e| !is_proxy_code(e.code));
        for entry in documented.clone() {
            assert!(
                !entry.operations.is_empty(),
                "{} has no operation",
                entry.code
            );
            for &op in entry.operations {
                assert!(
                    expected.contains(&(entry.code, entry.status, op)),
                    "{} ({}) for {op:?} is not documented",
                    entry.code,
                    entry.status
                );
            }
        }
        let listed: usize = documented.map(|e| e.operations.len()).sum();
        assert_eq!(listed, expected.len());
    }

    #[test]
    fn codes_are_unique_per_code_and_operation() {
        for (i, a) in ERROR_CODES.iter().enumerate() {
            for b in &ERROR_CODES[i + 1..] {
                if a.code == b.code {
                    assert!(
                        a.operations.iter().all(|op| !b.operations.contains(op)),
                        "{} is listed twice for one operation",
                        a.code
                    );
                    assert_ne!(
                        a.descriptions.get(Locale::En),
                        b.descriptions.get(Locale::En),
                        "{} duplicated",
                        a.code
                    );
                }
            }
        }
    }

    #[test]
    fn cbc_99007188_describes_differently_for_individual_and_enterprise() {
        for locale in Locale::ALL {
            let individual = describe_error("CBC.99007188", Some(INDIVIDUAL), locale);
            let enterprise = describe_error("CBC.99007188", Some(ENTERPRISE), locale);
            assert!(individual.is_some() && enterprise.is_some());
            assert_ne!(individual, enterprise, "{locale}");
        }
        assert_eq!(
            describe_error("CBC.99007188", Some(INDIVIDUAL), Locale::En),
            Some("Real-name authentication failed.")
        );
        assert_eq!(
            describe_error("CBC.99007188", Some(ENTERPRISE), Locale::En),
            Some("The customer has already passed real-name authentication or is under review.")
        );
    }

    #[test]
    fn codes_with_two_meanings_pick_the_operations_meaning() {
        assert_eq!(
            describe_error("CBC.99005030", Some(ENTERPRISE), Locale::En),
            Some("The partner has not enabled uploading attachments for real-name authentication.")
        );
        assert_eq!(
            describe_error("CBC.99005030", Some(INDIVIDUAL), Locale::En),
            Some(
                "The partner has not completed real-name authentication or bucket authentication."
            )
        );
        assert_eq!(
            describe_error("CBC.0999", Some(ENTERPRISE), Locale::ZhCn),
            Some("未知错误。")
        );
        for op in [CI, INDIVIDUAL, RR] {
            assert_eq!(
                describe_error("CBC.0999", Some(op), Locale::ZhCn),
                Some("其他错误。")
            );
        }
    }

    #[test]
    fn lookup_without_operation_or_with_unlisted_operation_falls_back_to_the_first_entry() {
        let first = ERROR_CODES.iter().find(|e| e.code == "CBC.99007188");
        assert_eq!(lookup_error("CBC.99007188", None), first);
        assert_eq!(lookup_error("CBC.99007188", Some(CI)), first);
        assert_eq!(
            lookup_error("CBC.99007191", Some(INDIVIDUAL)).map(|e| e.code),
            Some("CBC.99007191")
        );
    }

    #[test]
    fn every_entry_has_three_real_descriptions() {
        for entry in ERROR_CODES {
            let [en, zh, es] = entry.descriptions.all();
            assert!(!en.trim().is_empty(), "{} en", entry.code);
            assert!(!zh.trim().is_empty(), "{} zh", entry.code);
            assert!(!es.trim().is_empty(), "{} es", entry.code);
            assert!(has_cjk(zh), "{} zh-CN has no CJK: {zh}", entry.code);
            assert_ne!(zh, en, "{}", entry.code);
            assert_ne!(es, en, "{}", entry.code);
            assert!(!has_cjk(en) && !has_cjk(es), "{}", entry.code);
            assert_eq!(entry.description(Locale::En), en);
            assert_eq!(entry.description(Locale::ZhCn), zh);
            assert_eq!(entry.description(Locale::Es), es);
        }
    }

    #[test]
    fn unknown_code_is_none() {
        assert_eq!(lookup_error("CBC.12345678", None), None);
        assert_eq!(lookup_error("", Some(CI)), None);
        assert_eq!(lookup_error("cbc.0100", None), None);
        assert_eq!(
            describe_error("CBC.12345678", Some(ENTERPRISE), Locale::En),
            None
        );
    }

    #[test]
    fn kinds_follow_the_mapping() {
        for entry in ERROR_CODES {
            let expected = if entry.code == "CBC.0100" {
                ErrorKind::Validation
            } else if entry.code == "CBC.0151"
                || entry.code.starts_with("APIGW.")
                || (is_proxy_code(entry.code) && matches!(entry.status, 401 | 403 | 429))
            {
                ErrorKind::Auth
            } else if entry.code == "CBC.0999" || entry.status >= 500 {
                ErrorKind::Server
            } else {
                ErrorKind::Business
            };
            assert_eq!(entry.kind, expected, "{}", entry.code);
            assert_ne!(entry.kind, ErrorKind::Malformed);
        }
        // The same code has the same kind whatever its meaning, so kind_of needs no operation.
        for a in ERROR_CODES {
            for b in ERROR_CODES.iter().filter(|b| b.code == a.code) {
                assert_eq!(a.kind, b.kind);
            }
        }
    }

    #[test]
    fn unknown_apigw_code_is_still_auth() {
        assert_eq!(kind_of(Some("APIGW.9999"), 401), ErrorKind::Auth);
        assert_eq!(kind_of(Some("APIGW.9999"), 400), ErrorKind::Auth);
        assert_eq!(kind_of(Some("APIGW.9999"), 500), ErrorKind::Auth);
    }

    #[test]
    fn kind_of_unknown_5xx_is_server() {
        assert_eq!(kind_of(Some("CBC.12345678"), 500), ErrorKind::Server);
        assert_eq!(kind_of(None, 500), ErrorKind::Server);
        assert_eq!(kind_of(None, 503), ErrorKind::Server);
    }

    #[test]
    fn kind_of_known_codes_uses_the_table_whatever_the_status() {
        assert_eq!(kind_of(Some("CBC.0100"), 400), ErrorKind::Validation);
        assert_eq!(kind_of(Some("CBC.0151"), 403), ErrorKind::Auth);
        assert_eq!(kind_of(Some("CBC.0999"), 500), ErrorKind::Server);
        assert_eq!(kind_of(Some("CBC.0999"), 400), ErrorKind::Server);
        assert_eq!(kind_of(Some("CBC.99007004"), 400), ErrorKind::Business);
        assert_eq!(kind_of(Some("APIGW.0308"), 429), ErrorKind::Auth);
        assert_eq!(kind_of(Some("CBC.0000"), 200), ErrorKind::Business);
    }

    #[test]
    fn kind_of_unknown_4xx_is_auth_for_401_403_and_business_otherwise() {
        assert_eq!(kind_of(Some("CBC.12345678"), 401), ErrorKind::Auth);
        assert_eq!(kind_of(None, 403), ErrorKind::Auth);
        assert_eq!(kind_of(Some("CBC.12345678"), 400), ErrorKind::Business);
        assert_eq!(kind_of(None, 400), ErrorKind::Business);
        assert_eq!(kind_of(None, 404), ErrorKind::Business);
    }

    #[test]
    fn error_kind_names_are_lower_case() {
        let all = [
            (ErrorKind::Validation, "validation"),
            (ErrorKind::Business, "business"),
            (ErrorKind::Auth, "auth"),
            (ErrorKind::Server, "server"),
            (ErrorKind::Malformed, "malformed"),
        ];
        for (kind, name) in all {
            assert_eq!(kind.as_str(), name);
            assert_eq!(kind.to_string(), name);
        }
    }

    #[test]
    fn every_fail_check_item_from_both_tables_is_present_with_three_descriptions() {
        let individual = [
            "PIC_FORMAT_ERR",
            "PIC_SIZE_ERR",
            "INVALID_FRONT_IDCARD",
            "INVALID_BACK_IDCARD",
            "IDCARD_INFO_NOT_SAME",
            "INVALID_IDCARD_FACE",
        ];
        let enterprise = [
            "IS_DEBT",
            "IS_CREDIT_ACCOUNT",
            "IS_ORG_ACCOUNT",
            "MEM_OF_ORG",
            "MEN_ANSWERING_ORG",
            "ORG_INVITING_MEM",
            "ORG_HAVE_MEM_EQUITY_APPLYING",
            "MEM_OF_ORG_EQUITY_APPLYING",
            "ORG_HAVE_MEM_EQUITY_APPROVED",
            "MEM_OF_ORG_EQUITY_APPROVED",
        ];
        for (codes, op) in [(&individual[..], INDIVIDUAL), (&enterprise[..], ENTERPRISE)] {
            for &code in codes {
                let item = lookup_fail_check_item(code).unwrap_or_else(|| panic!("{code} missing"));
                assert_eq!(item.operations, &[op], "{code}");
                for locale in Locale::ALL {
                    let text = describe_fail_check_item(code, locale);
                    assert!(
                        text.is_some_and(|t| !t.trim().is_empty()),
                        "{code} {locale}"
                    );
                }
                let [en, zh, es] = item.descriptions.all();
                assert!(has_cjk(zh), "{code} zh-CN has no CJK");
                assert_ne!(zh, en, "{code}");
                assert_ne!(es, en, "{code}");
                assert!(!has_cjk(en) && !has_cjk(es), "{code}");
            }
        }
        assert_eq!(FAIL_CHECK_ITEMS.len(), individual.len() + enterprise.len());
        // Unique values.
        for (i, a) in FAIL_CHECK_ITEMS.iter().enumerate() {
            assert!(
                FAIL_CHECK_ITEMS[i + 1..].iter().all(|b| b.code != a.code),
                "{}",
                a.code
            );
        }
        assert_eq!(
            describe_fail_check_item("MEM_ANSWERING_ORG", Locale::En),
            None
        );
        assert_eq!(describe_fail_check_item("UNKNOWN", Locale::Es), None);
    }
}
