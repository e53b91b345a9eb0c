//! Configuration through figment: a TOML file merged with `HWC_KYC_*` environment variables (the
//! environment wins) into a [`RawConfig`] whose types check each value, then [`Config::resolve`]
//! for the rules that span several keys. Every key is documented in the crate's README.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::num::{NonZeroU32, NonZeroU64, NonZeroUsize};
use std::path::{Path, PathBuf};
use std::time::Duration;

use figment::providers::{Format, Serialized, Toml};
use figment::Figment;
use hwc_kyc::rules::limits::ATTACHMENT_FILE_MAX_BYTES;
use serde::Deserialize;

/// Default listening address.
pub const DEFAULT_LISTEN: SocketAddr =
    SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::new(127, 0, 0, 1), 8080));
/// Environment variable naming a TOML configuration file.
pub const CONFIG_FILE_ENV: &str = "HWC_KYC_CONFIG";
/// Shortest caller-token secret accepted (bytes): an HS256 key should be at least as long as the
/// hash.
pub const MIN_CALLER_TOKEN_SECRET: usize = 32;

/// A secret string: never printed (`Debug` shows `***`).
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }

    /// The secret itself, for the code that uses it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// The partner's platform ID: not a secret, but not for logs either (`Debug` shows `***`).
#[derive(Clone, PartialEq, Eq)]
pub struct PlatformId(pub String);

impl std::fmt::Debug for PlatformId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// Prefix of the environment variables: `HWC_KYC_` + the key in upper case.
pub const ENV_PREFIX: &str = "HWC_KYC_";

/// The configuration as written: every key optional, each value checked on its own as it is read
/// (a number of 0, a malformed address or origin is refused naming its key). Field names are the
/// TOML keys; the environment variable of each is [`ENV_PREFIX`] + the key in upper case.
///
/// ```
/// use hwc_kyc_proxy::RawConfig;
/// let raw = RawConfig::from_toml(r#"
///     listen = "127.0.0.1:9000"
///     cors_origins = ["https://portal.example.com"]
/// "#).unwrap();
/// assert_eq!(raw.listen.map(|a| a.port()), Some(9000));
/// assert!(RawConfig::from_toml("max_body_bytes = 0").is_err());
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// Address to listen on (`host:port`).
    #[serde(default, deserialize_with = "text::parsed")]
    pub listen: Option<SocketAddr>,
    /// Base URL of the real endpoint; absent or empty: the embedded simulator.
    pub upstream: Option<String>,
    /// Partner access key (AK/SK signing).
    pub access_key: Option<String>,
    /// Partner secret key.
    pub secret_key: Option<Secret>,
    /// Partner account (domain) id, sent as `X-Domain-Id` with AK/SK calls.
    pub domain_id: Option<String>,
    /// IAM token, instead of AK/SK.
    pub auth_token: Option<Secret>,
    /// Platform ID Huawei assigned to the partner.
    pub xaccount_type: Option<String>,
    /// HS256 secret of caller tokens.
    pub caller_token_secret: Option<Secret>,
    /// Origins allowed by CORS (none: same-origin only); a comma-separated text in the
    /// environment.
    #[serde(default, deserialize_with = "text::origins")]
    pub cors_origins: Option<Vec<String>>,
    /// Largest JSON body, bytes.
    #[serde(default, deserialize_with = "text::parsed")]
    pub max_body_bytes: Option<NonZeroUsize>,
    /// Largest upload request, bytes.
    #[serde(default, deserialize_with = "text::parsed")]
    pub max_upload_bytes: Option<NonZeroUsize>,
    /// Upstream timeout, milliseconds.
    #[serde(default, deserialize_with = "text::parsed")]
    pub upstream_timeout_ms: Option<NonZeroU64>,
    /// Time a caller has to send a request's headers, milliseconds.
    #[serde(default, deserialize_with = "text::parsed")]
    pub header_read_timeout_ms: Option<NonZeroU64>,
    /// Time a caller has to send a request's body once its headers are in, milliseconds.
    #[serde(default, deserialize_with = "text::parsed")]
    pub body_read_timeout_ms: Option<NonZeroU64>,
    /// Connections served at once.
    #[serde(default, deserialize_with = "text::parsed")]
    pub max_connections: Option<NonZeroUsize>,
    /// Connections at once from one client address (an IPv6 /64); trusted proxies exempt.
    #[serde(default, deserialize_with = "text::parsed")]
    pub max_connections_per_client: Option<NonZeroUsize>,
    /// Requests per minute per client address, every route but `/healthz`.
    #[serde(default, deserialize_with = "text::parsed")]
    pub rate_limit_per_minute: Option<NonZeroU32>,
    /// check-identity requests per minute per client address.
    #[serde(default, deserialize_with = "text::parsed")]
    pub check_identity_per_minute: Option<NonZeroU32>,
    /// Take the client address from the last `X-Forwarded-For` entry, whoever the peer is
    /// (superseded by `trusted_proxies`, which wins when set).
    #[serde(default, deserialize_with = "text::flag")]
    pub trust_forwarded_for: Option<bool>,
    /// Reverse proxies (CIDRs, or single addresses) whose `X-Forwarded-For` is believed; a
    /// comma-separated text in the environment.
    #[serde(default, deserialize_with = "text::networks")]
    pub trusted_proxies: Option<Vec<ipnet::IpNet>>,
    /// Where uploads are stored (the bucket's `download/` directory).
    pub download_dir: Option<PathBuf>,
    /// Demo mode (only with the embedded simulator; default on there).
    #[serde(default, deserialize_with = "text::flag")]
    pub demo: Option<bool>,
    /// Demo pages directory (default [`DEFAULT_WWW_DIR`], where `cargo xtask demo` builds them).
    pub www_dir: Option<PathBuf>,
    /// Built npm package directory, served at `/pkg/`.
    pub pkg_dir: Option<PathBuf>,
    /// Lifetime of demo caller tokens, seconds.
    #[serde(default, deserialize_with = "text::parsed")]
    pub demo_token_ttl_secs: Option<NonZeroU64>,
    /// Redis shared by several instances (`redis://[:password@]host:port[/db]`); absent: state in
    /// this process.
    pub redis_url: Option<Secret>,
    /// Serve `GET /metrics` on this address only (absent: on `listen`).
    #[serde(default, deserialize_with = "text::parsed")]
    pub metrics_listen: Option<SocketAddr>,
    /// Serving threads, each a single-threaded runtime (absent: one per core).
    #[serde(default, deserialize_with = "text::parsed")]
    pub workers: Option<NonZeroUsize>,
    /// OBS bucket holding the attachments (its `download/` directory).
    pub obs_bucket: Option<String>,
    /// The bucket's region.
    pub obs_region: Option<String>,
    /// OBS service endpoint (default `https://obs.<region>.myhuaweicloud.com`).
    pub obs_endpoint: Option<String>,
    /// AK for OBS (default: `access_key`).
    pub obs_access_key: Option<String>,
    /// SK for OBS (default: `secret_key`).
    pub obs_secret_key: Option<Secret>,
    /// Upload requests in progress at once, overall.
    #[serde(default, deserialize_with = "text::parsed")]
    pub max_concurrent_uploads: Option<NonZeroUsize>,
    /// Upload requests in progress at once per customer.
    #[serde(default, deserialize_with = "text::parsed")]
    pub max_uploads_per_caller: Option<NonZeroUsize>,
    /// Time for checking a submission's attachments exist, milliseconds.
    #[serde(default, deserialize_with = "text::parsed")]
    pub attachment_check_timeout_ms: Option<NonZeroU64>,
    /// Accept attachment paths outside the caller's `<customer_id>/` directory.
    #[serde(default, deserialize_with = "text::flag")]
    pub allow_foreign_attachment_paths: Option<bool>,
    /// Allow plain-HTTP endpoints (the upstream's, the store's).
    #[serde(default, deserialize_with = "text::flag")]
    pub allow_insecure_http: Option<bool>,
    /// Demo mode on a non-loopback address.
    #[serde(default, deserialize_with = "text::flag")]
    pub demo_allow_remote: Option<bool>,
    /// Caller tokens' required `iss`.
    pub caller_token_issuer: Option<String>,
    /// Caller tokens' required `aud`.
    pub caller_token_audience: Option<String>,
    /// Caller tokens' longest lifetime (`exp` − `iat`), seconds.
    #[serde(default, deserialize_with = "text::parsed")]
    pub caller_token_max_lifetime_secs: Option<NonZeroU64>,
}

/// Values that arrive as text from the environment (figment keeps them as written: no guessing
/// that `0123` is a number) and typed from TOML.
mod text {
    use std::str::FromStr;

    use serde::{Deserialize, Deserializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written<T> {
        Typed(T),
        Text(String),
    }

    /// A value of its own type, or its text form (`"300"`, `"127.0.0.1:8080"`).
    pub fn parsed<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: FromStr + Deserialize<'de>,
        T::Err: std::fmt::Display,
    {
        match Written::<T>::deserialize(d) {
            Ok(Written::Typed(v)) => Ok(Some(v)),
            Ok(Written::Text(s)) => s
                .trim()
                .parse()
                .map(Some)
                .map_err(|e| serde::de::Error::custom(format_args!("`{s}`: {e}"))),
            Err(_) => Err(serde::de::Error::custom(format_args!(
                "not a valid {}",
                std::any::type_name::<T>()
                    .rsplit("::")
                    .next()
                    .unwrap_or("value")
            ))),
        }
    }

    /// `true`/`false`, or as text `1`/`0`, `yes`/`no`, `on`/`off`.
    pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        match Written::<bool>::deserialize(d)? {
            Written::Typed(b) => Ok(Some(b)),
            Written::Text(s) => match s.trim().to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => Ok(Some(true)),
                "0" | "false" | "no" | "off" => Ok(Some(false)),
                _ => Err(serde::de::Error::custom(format_args!(
                    "`{s}` is not true or false"
                ))),
            },
        }
    }

    /// A list of networks (`10.0.0.0/8`, `2001:db8::/32`, or one address), or a comma-separated
    /// text of them.
    pub fn networks<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Vec<ipnet::IpNet>>, D::Error> {
        let list = match Written::<Vec<String>>::deserialize(d)? {
            Written::Typed(list) => list,
            Written::Text(s) => s.split(',').map(String::from).collect(),
        };
        list.iter()
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
            .map(|n| {
                n.parse::<ipnet::IpNet>()
                    .or_else(|_| n.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .map(|net| net.trunc())
                    .map_err(|_| {
                        serde::de::Error::custom(format_args!(
                            "`{n}` is not a network like 10.0.0.0/8 or an address"
                        ))
                    })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// A list of origins, or a comma-separated text of them; each must be a bare origin.
    pub fn origins<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
        let list = match Written::<Vec<String>>::deserialize(d)? {
            Written::Typed(list) => list,
            Written::Text(s) => s
                .split(',')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(String::from)
                .collect(),
        };
        for origin in &list {
            let parsed = reqwest::Url::parse(origin)
                .ok()
                .filter(|u| u.path() == "/" && u.query().is_none() && u.host_str().is_some());
            if parsed.is_none() || origin.ends_with('/') {
                return Err(serde::de::Error::custom(format_args!(
                    "`{origin}` is not an origin like https://portal.example.com"
                )));
            }
        }
        Ok(Some(list))
    }
}

/// Why the configuration was refused. Never contains a secret's value.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read configuration file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML.
    #[error("invalid configuration file: {0}")]
    Toml(String),
    /// A value has the wrong form, or a key is unknown.
    #[error("{key}: {reason}")]
    Invalid {
        /// The key: the environment variable when the value came from there, else the TOML key.
        key: String,
        /// What is wrong.
        reason: String,
    },
    /// A value needed with a real upstream is absent.
    #[error("{0} is required when `upstream` points at a real endpoint")]
    Missing(&'static str),
    /// A production key is set but the configuration lacks another one it needs.
    #[error("{named} is set, so this is a production configuration, but {missing} is missing")]
    Incomplete {
        /// The key that is set.
        named: &'static str,
        /// The key that is missing.
        missing: &'static str,
    },
}

/// The longest lifetime of a demo caller token: anyone may get one.
pub const MAX_DEMO_TOKEN_TTL_SECS: u64 = 3600;

/// The first production key `raw` names (upstream credentials, caller-token secret, OBS).
fn production_key_named(raw: &RawConfig) -> Option<&'static str> {
    let text = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.is_empty());
    let secret = |v: &Option<Secret>| v.as_ref().is_some_and(|s| !s.expose().is_empty());
    [
        ("access_key", text(&raw.access_key)),
        ("secret_key", secret(&raw.secret_key)),
        ("domain_id", text(&raw.domain_id)),
        ("auth_token", secret(&raw.auth_token)),
        ("caller_token_secret", secret(&raw.caller_token_secret)),
        ("obs_bucket", text(&raw.obs_bucket)),
        ("obs_access_key", text(&raw.obs_access_key)),
        ("obs_secret_key", secret(&raw.obs_secret_key)),
    ]
    .into_iter()
    .find_map(|(key, set)| set.then_some(key))
}

/// The demo token lifetime, at most [`MAX_DEMO_TOKEN_TTL_SECS`]; and demo mode, which hands
/// tokens to anyone, only on a loopback address unless `demo_allow_remote`.
fn demo_token_ttl(raw: &RawConfig, listen: SocketAddr) -> Result<Duration, ConfigError> {
    if !listen.ip().is_loopback() && !raw.demo_allow_remote.unwrap_or(false) {
        return Err(invalid(
            "listen",
            format!(
                "demo mode issues caller tokens to anyone who asks: it listens on a loopback \
                 address unless demo_allow_remote is set (not {})",
                listen.ip()
            ),
        ));
    }
    let secs = raw
        .demo_token_ttl_secs
        .map_or(MAX_DEMO_TOKEN_TTL_SECS, NonZeroU64::get);
    if secs > MAX_DEMO_TOKEN_TTL_SECS {
        return Err(invalid(
            "demo_token_ttl_secs",
            format!("at most {MAX_DEMO_TOKEN_TTL_SECS} (demo tokens are handed to anyone)"),
        ));
    }
    Ok(Duration::from_secs(secs))
}

pub(crate) fn invalid(key: &str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key: key.into(),
        reason: reason.into(),
    }
}

impl RawConfig {
    /// The TOML file (when given) under the `HWC_KYC_*` environment variables read through
    /// `var`: the environment wins; an empty variable counts as unset; other `HWC_KYC_*`
    /// variables (the simulator's, `HWC_KYC_CONFIG`) are not keys. Add providers to it (figment's
    /// `merge`) and read it with [`RawConfig::extract`].
    ///
    /// ```
    /// use hwc_kyc_proxy::RawConfig;
    /// let var = |k: &str| (k == "HWC_KYC_LISTEN").then(|| "127.0.0.1:9100".to_string());
    /// let figment = RawConfig::figment(None, var)
    ///     .join(("listen", "127.0.0.1:0"))
    ///     .join(("max_connections", 8));
    /// let raw = RawConfig::extract(&figment, var).unwrap();
    /// assert_eq!(raw.listen.map(|a| a.port()), Some(9100));
    /// assert_eq!(raw.max_connections.map(|n| n.get()), Some(8));
    /// ```
    pub fn figment(file: Option<&Path>, var: impl Fn(&str) -> Option<String>) -> Figment {
        let mut figment = Figment::new();
        if let Some(path) = file {
            figment = figment.merge(Toml::file_exact(path));
        }
        let env: BTreeMap<&str, String> = field_names()
            .iter()
            .filter_map(|key| {
                let value = var(&format!("{ENV_PREFIX}{}", key.to_ascii_uppercase()))?;
                (!value.is_empty()).then_some((*key, value))
            })
            .collect();
        figment.merge(Serialized::globals(env))
    }

    /// Reads a configuration, naming the key of the first bad value: its environment variable
    /// when `var` has it (the environment wins), else its TOML key.
    ///
    /// # Errors
    /// [`ConfigError::Invalid`] for an unknown key or a bad value; [`ConfigError::Read`] /
    /// [`ConfigError::Toml`] when the file cannot be read or parsed.
    pub fn extract(
        figment: &Figment,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        figment.extract().map_err(|e| {
            let reason = e.kind.to_string();
            let key = match &e.kind {
                figment::error::Kind::UnknownField(name, _) => name.clone(),
                _ => e.path.join("."),
            };
            let from_toml = e.metadata.as_ref().and_then(|m| match &m.source {
                Some(figment::Source::File(path)) => Some(path.clone()),
                _ => None,
            });
            if key.is_empty() {
                return match from_toml {
                    Some(path) if e.kind.to_string().contains("No such file") => {
                        ConfigError::Read {
                            path,
                            source: std::io::Error::new(std::io::ErrorKind::NotFound, reason),
                        }
                    }
                    _ => ConfigError::Toml(reason),
                };
            }
            let env = format!("{ENV_PREFIX}{}", key.to_ascii_uppercase());
            let named = if var(&env).is_some_and(|v| !v.is_empty()) {
                env
            } else {
                key
            };
            invalid(&named, reason)
        })
    }

    /// Parses a TOML document alone (no environment).
    ///
    /// # Errors
    /// As [`RawConfig::extract`].
    pub fn from_toml(text: &str) -> Result<Self, ConfigError> {
        Self::extract(&Figment::from(Toml::string(text)), |_| None)
    }

    /// The configuration of a process: the file named by `--config PATH` in `args` or by
    /// `HWC_KYC_CONFIG`, under the process environment.
    ///
    /// # Errors
    /// As [`RawConfig::extract`].
    pub fn load(args: &[String]) -> Result<Self, ConfigError> {
        let from_args = args
            .windows(2)
            .find(|w| w[0] == "--config")
            .map(|w| PathBuf::from(&w[1]));
        let file = from_args.or_else(|| std::env::var_os(CONFIG_FILE_ENV).map(PathBuf::from));
        if let Some(path) = &file {
            // figment reports a missing file without its reason; say which file and why.
            std::fs::metadata(path).map_err(|source| ConfigError::Read {
                path: path.clone(),
                source,
            })?;
        }
        let var = |k: &str| std::env::var(k).ok();
        Self::extract(&Self::figment(file.as_deref(), var), var)
    }
}

/// The keys, as serde knows them from [`RawConfig`]'s fields.
fn field_names() -> &'static [&'static str] {
    struct Fields(std::cell::Cell<&'static [&'static str]>);
    impl<'de> serde::Deserializer<'de> for &Fields {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: serde::de::Visitor<'de>>(
            self,
            _: V,
        ) -> Result<V::Value, Self::Error> {
            Err(serde::de::Error::custom("only the field names are read"))
        }
        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.set(fields);
            self.deserialize_any(visitor)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let fields = Fields(std::cell::Cell::new(&[]));
    let _ = RawConfig::deserialize(&fields);
    fields.0.get()
}

/// How the proxy authenticates to the upstream. `Debug` prints `***` for the AK, the SK, the
/// domain id and the token.
#[derive(Clone)]
pub enum UpstreamAuth {
    /// AK/SK signature, with the domain id when given.
    AkSk {
        /// Access key.
        access_key: String,
        /// Secret key.
        secret_key: Secret,
        /// Account (domain) id.
        domain_id: Option<String>,
    },
    /// IAM token.
    Token(Secret),
}

impl std::fmt::Debug for UpstreamAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UpstreamAuth::AkSk { domain_id, .. } => f
                .debug_struct("AkSk")
                .field("access_key", &"***")
                .field("secret_key", &"***")
                .field("domain_id", &domain_id.as_ref().map(|_| "***"))
                .finish(),
            UpstreamAuth::Token(_) => f.debug_tuple("Token").field(&"***").finish(),
        }
    }
}

/// Where requests go.
#[derive(Debug, Clone)]
pub enum Upstream {
    /// A simulator started in this process (the default).
    Embedded,
    /// A real endpoint.
    Remote {
        /// Base URL (`https://bss-intl.myhuaweicloud.com`).
        url: reqwest::Url,
        /// Credentials.
        auth: UpstreamAuth,
    },
}

/// Limits on callers and on the upstream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest JSON body (413 above).
    pub max_body_bytes: usize,
    /// Largest upload request (413 above).
    pub max_upload_bytes: usize,
    /// Upstream timeout (504 after).
    pub upstream_timeout: Duration,
    /// Time a caller has to send a request's headers, counted from the connection's start or the
    /// end of its previous request (the connection is closed without an answer after).
    pub header_read_timeout: Duration,
    /// Time a caller has to send a request's body once its headers are in (408 after).
    pub body_read_timeout: Duration,
    /// Connections served at once; more wait in the listen backlog.
    pub max_connections: usize,
    /// Connections at once from one client address (an IPv6 /64; `trusted_proxies` exempt):
    /// one more is closed as soon as it is accepted.
    pub max_connections_per_client: usize,
    /// Requests per minute per client address (429 above).
    pub rate_limit_per_minute: u32,
    /// check-identity requests per minute per client address (429 above).
    pub check_identity_per_minute: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 64 * 1024,
            // Four attachments of the largest size core allows, plus multipart framing.
            max_upload_bytes: 4 * ATTACHMENT_FILE_MAX_BYTES + 64 * 1024,
            upstream_timeout: Duration::from_secs(10),
            header_read_timeout: Duration::from_secs(10),
            // Long enough for the largest upload (about 40 MiB) at about 1 MB/s.
            body_read_timeout: Duration::from_secs(60),
            max_connections: 1024,
            // Far above a browser's 6 per host, so only a flood from one address reaches it.
            max_connections_per_client: 64,
            rate_limit_per_minute: 120,
            check_identity_per_minute: 20,
        }
    }
}

/// Where demo mode looks for the demo pages by default: the folder `cargo xtask demo` builds them
/// into (relative to the current directory). The sources in `www/` import the npm package by
/// name, which a browser cannot resolve without the build.
pub const DEFAULT_WWW_DIR: &str = "www/dist";

/// Demo mode: static files and demo caller tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Demo {
    /// Served at `/`.
    pub www_dir: PathBuf,
    /// Served at `/pkg/`.
    pub pkg_dir: PathBuf,
    /// Lifetime of tokens from `POST /demo/token`.
    pub token_ttl: Duration,
}

/// A checked configuration. `Debug` prints `***` for every credential, the domain id and the
/// platform ID.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Where requests go.
    pub upstream: Upstream,
    /// The partner's platform ID (`None` with the embedded simulator: the simulator's).
    pub xaccount_type: Option<PlatformId>,
    /// HS256 secret of caller tokens (`None` with the embedded simulator: a random one).
    pub caller_token_secret: Option<Secret>,
    /// What caller tokens must also satisfy (issuer, audience, longest lifetime).
    pub caller_token_policy: crate::caller_token::Policy,
    /// Origins allowed by CORS.
    pub cors_origins: Vec<String>,
    /// Limits.
    pub limits: Limits,
    /// Take the client address from the last `X-Forwarded-For` entry, whoever the peer is (when
    /// `trusted_proxies` is empty).
    pub trust_forwarded_for: bool,
    /// Reverse proxies whose `X-Forwarded-For` is believed (see `context::client_of`).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Where attachments are stored, and the limits on uploads and checks.
    pub store: store::StoreConfig,
    /// Demo mode, when on.
    pub demo: Option<Demo>,
    /// Redis for the state instances share (rate limits, idempotency keys); `None`: in memory.
    pub redis_url: Option<Secret>,
    /// Where `GET /metrics` is served when not on `listen`.
    pub metrics_listen: Option<SocketAddr>,
    /// Serving threads (see `app::start`): `workers`, else the cores this process may use.
    pub workers: NonZeroUsize,
}

impl Config {
    /// Checks and completes a raw configuration.
    ///
    /// # Errors
    /// A [`ConfigError`] naming the key: a malformed URL, a real upstream without credentials,
    /// platform ID or caller-token secret, a short secret, demo mode with a real upstream.
    ///
    /// ```
    /// use hwc_kyc_proxy::{Config, RawConfig, Upstream};
    /// let config = Config::resolve(RawConfig::default()).unwrap();
    /// assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
    /// assert!(matches!(config.upstream, Upstream::Embedded));
    /// assert!(config.demo.is_some());
    ///
    /// let remote = RawConfig { upstream: Some("https://bss-intl.myhuaweicloud.com".into()), ..Default::default() };
    /// assert!(Config::resolve(remote).is_err()); // no credentials
    /// ```
    pub fn resolve(raw: RawConfig) -> Result<Config, ConfigError> {
        let listen = raw.listen.unwrap_or(DEFAULT_LISTEN);
        // A production key without an upstream would silently run the simulator in demo mode.
        let upstream_named = raw
            .upstream
            .as_deref()
            .is_some_and(|u| !u.trim().is_empty());
        if !upstream_named {
            if let Some(key) = production_key_named(&raw) {
                return Err(ConfigError::Incomplete {
                    named: key,
                    missing: "upstream",
                });
            }
        }

        let upstream = match raw.upstream.as_deref().map(str::trim) {
            None | Some("") => Upstream::Embedded,
            Some(text) => {
                let url = reqwest::Url::parse(text)
                    .map_err(|e| invalid("upstream", format!("`{text}`: {e}")))?;
                if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
                    return Err(invalid("upstream", "must be an http(s) URL with a host"));
                }
                if url.query().is_some() || !url.username().is_empty() {
                    return Err(invalid("upstream", "must have no query or user info"));
                }
                if url.scheme() == "http" && !raw.allow_insecure_http.unwrap_or(false) {
                    return Err(invalid(
                        "upstream",
                        "plain http sends the signed requests and personal data unencrypted: \
                         use https, or set allow_insecure_http for an endpoint on this machine",
                    ));
                }
                let auth = match (&raw.access_key, &raw.secret_key, &raw.auth_token) {
                    (Some(ak), Some(sk), _) if !ak.is_empty() && !sk.expose().is_empty() => {
                        UpstreamAuth::AkSk {
                            access_key: ak.clone(),
                            secret_key: sk.clone(),
                            domain_id: raw.domain_id.clone(),
                        }
                    }
                    (None, None, Some(token)) if !token.expose().is_empty() => {
                        UpstreamAuth::Token(token.clone())
                    }
                    _ => {
                        return Err(ConfigError::Missing(
                            "access_key and secret_key, or auth_token",
                        ))
                    }
                };
                Upstream::Remote { url, auth }
            }
        };
        let remote = matches!(upstream, Upstream::Remote { .. });
        // Production keys beyond the upstream's: demo mode is refused with them too.
        let production = remote || store::names_obs(&raw);

        let xaccount_type = raw
            .xaccount_type
            .clone()
            .filter(|x| !x.is_empty())
            .map(PlatformId);
        if remote && xaccount_type.is_none() {
            return Err(ConfigError::Missing("xaccount_type"));
        }
        let caller_token_secret = raw.caller_token_secret.clone();
        match &caller_token_secret {
            Some(s) if s.expose().len() < MIN_CALLER_TOKEN_SECRET => {
                return Err(invalid(
                    "caller_token_secret",
                    format!("must be at least {MIN_CALLER_TOKEN_SECRET} bytes"),
                ))
            }
            None if remote => return Err(ConfigError::Missing("caller_token_secret")),
            _ => {}
        }

        let defaults = Limits::default();
        let millis = |v: Option<NonZeroU64>, default: Duration| {
            v.map_or(default, |ms| Duration::from_millis(ms.get()))
        };
        let limits = Limits {
            max_body_bytes: raw
                .max_body_bytes
                .map_or(defaults.max_body_bytes, NonZeroUsize::get),
            max_upload_bytes: raw
                .max_upload_bytes
                .map_or(defaults.max_upload_bytes, NonZeroUsize::get),
            upstream_timeout: millis(raw.upstream_timeout_ms, defaults.upstream_timeout),
            header_read_timeout: millis(raw.header_read_timeout_ms, defaults.header_read_timeout),
            body_read_timeout: millis(raw.body_read_timeout_ms, defaults.body_read_timeout),
            max_connections: raw
                .max_connections
                .map_or(defaults.max_connections, NonZeroUsize::get),
            max_connections_per_client: raw
                .max_connections_per_client
                .map_or(defaults.max_connections_per_client, NonZeroUsize::get),
            rate_limit_per_minute: raw
                .rate_limit_per_minute
                .map_or(defaults.rate_limit_per_minute, NonZeroU32::get),
            check_identity_per_minute: raw
                .check_identity_per_minute
                .map_or(defaults.check_identity_per_minute, NonZeroU32::get),
        };

        let demo =
            match (raw.demo, production) {
                (Some(true), true) => return Err(invalid(
                    "demo",
                    "demo mode issues caller tokens to anyone: only with the embedded simulator \
                     and no production key",
                )),
                (Some(false), _) | (_, true) => None,
                (_, false) => Some(Demo {
                    token_ttl: demo_token_ttl(&raw, listen)?,
                    www_dir: raw
                        .www_dir
                        .clone()
                        .unwrap_or_else(|| PathBuf::from(DEFAULT_WWW_DIR)),
                    pkg_dir: raw.pkg_dir.clone().unwrap_or_else(|| PathBuf::from("pkg")),
                }),
            };

        let store = store::resolve(&raw, &upstream)?;
        let nonempty = |v: &Option<String>| v.clone().filter(|s| !s.is_empty());
        let caller_token_policy = crate::caller_token::Policy {
            issuer: nonempty(&raw.caller_token_issuer),
            audience: nonempty(&raw.caller_token_audience),
            max_lifetime_secs: raw
                .caller_token_max_lifetime_secs
                .map(|s| i64::try_from(s.get()).unwrap_or(i64::MAX)),
        };
        Ok(Config {
            listen,
            upstream,
            xaccount_type,
            caller_token_secret,
            caller_token_policy,
            cors_origins: raw.cors_origins.clone().unwrap_or_default(),
            limits,
            trust_forwarded_for: raw.trust_forwarded_for.unwrap_or(false),
            trusted_proxies: raw.trusted_proxies.clone().unwrap_or_default(),
            store,
            demo,
            redis_url: raw.redis_url.clone().filter(|u| !u.expose().is_empty()),
            metrics_listen: raw.metrics_listen,
            workers: raw.workers.unwrap_or_else(|| {
                std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN)
            }),
        })
    }
}

/// The storage part of the configuration: which backend, its credentials, and the limits on
/// uploads and on the checks before forwarding. Keys are documented in the crate's README.
///
/// Part of the configuration (not of `store`, which uses it), so the two do not import each other.
pub mod store {
    use std::num::{NonZeroU64, NonZeroUsize};
    use std::path::PathBuf;
    use std::time::Duration;

    use super::{invalid, ConfigError, RawConfig, Secret, Upstream, UpstreamAuth};

    /// OBS, through its S3-compatible API.
    #[derive(Clone, PartialEq, Eq)]
    pub struct ObsConfig {
        /// The bucket whose `download/` directory holds the attachments.
        pub bucket: String,
        /// The bucket's region (`ap-southeast-1`), signed into every request.
        pub region: String,
        /// The service endpoint without the bucket (`https://obs.<region>.myhuaweicloud.com`); the
        /// bucket is addressed as a subdomain of its host.
        pub endpoint: reqwest::Url,
        /// Access key (AK).
        pub access_key: String,
        /// Secret key (SK).
        pub secret_key: Secret,
    }

    impl ObsConfig {
        /// The bucket's virtual-hosted URL: `<scheme>://<bucket>.<endpoint host>[:port]`.
        ///
        /// ```
        /// use hwc_kyc_proxy::store::ObsConfig;
        /// use hwc_kyc_proxy::Secret;
        /// let obs = ObsConfig {
        ///     bucket: "kyc-files".into(),
        ///     region: "ap-southeast-1".into(),
        ///     endpoint: "https://obs.ap-southeast-1.myhuaweicloud.com".parse().unwrap(),
        ///     access_key: "AK".into(),
        ///     secret_key: Secret::new("SK"),
        /// };
        /// assert_eq!(obs.bucket_url(), "https://kyc-files.obs.ap-southeast-1.myhuaweicloud.com");
        /// ```
        pub fn bucket_url(&self) -> String {
            let host = self.endpoint.host_str().unwrap_or_default();
            match self.endpoint.port() {
                Some(port) => format!("{}://{}.{host}:{port}", self.endpoint.scheme(), self.bucket),
                None => format!("{}://{}.{host}", self.endpoint.scheme(), self.bucket),
            }
        }
    }

    impl std::fmt::Debug for ObsConfig {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("ObsConfig")
                .field("bucket", &self.bucket)
                .field("region", &self.region)
                .field("endpoint", &self.endpoint.as_str())
                .field("access_key", &"***")
                .field("secret_key", &self.secret_key)
                .finish()
        }
    }

    /// Where attachments are stored.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Backend {
        /// The partner's OBS bucket.
        Obs(ObsConfig),
        /// A local directory standing for the bucket's `download/` directory.
        Local(PathBuf),
    }

    /// Storage and its limits.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct StoreConfig {
        /// The backend.
        pub backend: Backend,
        /// Upload requests in progress at once, overall (more wait).
        pub max_concurrent_uploads: usize,
        /// Upload requests in progress at once per customer (more are answered 429).
        pub max_uploads_per_caller: usize,
        /// Time for checking that a submission's attachments exist (504 after).
        pub check_timeout: Duration,
        /// Time for one request to the store.
        pub request_timeout: Duration,
        /// Accept `verified_file_url` paths outside the caller's `<customer_id>/` directory.
        pub allow_foreign_paths: bool,
    }

    impl Default for StoreConfig {
        fn default() -> Self {
            StoreConfig {
                backend: Backend::Local(default_download_dir()),
                // Each upload in progress holds at most two parts (5 MiB) in memory.
                max_concurrent_uploads: 8,
                max_uploads_per_caller: 2,
                check_timeout: Duration::from_secs(5),
                request_timeout: Duration::from_secs(30),
                allow_foreign_paths: false,
            }
        }
    }

    /// Where demo mode keeps uploads when no `download_dir` is set.
    pub fn default_download_dir() -> PathBuf {
        std::env::temp_dir().join("hwc-kyc").join("download")
    }

    /// A bucket name OBS accepts: 3 to 63 lower-case letters, digits, `-` and `.`, starting and
    /// ending with a letter or digit.
    fn bucket_name_ok(name: &str) -> bool {
        let edge_ok =
            |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        (3..=63).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
            && edge_ok(name.as_bytes().first())
            && edge_ok(name.as_bytes().last())
    }

    /// True when the raw configuration names OBS.
    pub(crate) fn names_obs(raw: &RawConfig) -> bool {
        raw.obs_bucket.as_deref().is_some_and(|b| !b.is_empty())
    }

    /// The storage of a configuration: OBS when `obs_bucket` is set, a local directory when
    /// `download_dir` is (or, by default, with the embedded simulator, as in demo mode); with a real
    /// upstream and neither, the start is refused naming what is missing.
    pub(crate) fn resolve(
        raw: &RawConfig,
        upstream: &Upstream,
    ) -> Result<StoreConfig, ConfigError> {
        let simulated = matches!(upstream, Upstream::Embedded);
        let defaults = StoreConfig::default();
        let allow_http = raw.allow_insecure_http.unwrap_or(false);
        let backend = match (names_obs(raw), &raw.download_dir) {
            (true, Some(_)) => {
                return Err(invalid(
                    "download_dir",
                    "set either obs_bucket or download_dir, not both",
                ))
            }
            (true, None) => Backend::Obs(obs(raw, upstream, allow_http)?),
            (false, Some(dir)) => Backend::Local(dir.clone()),
            (false, None) if simulated => Backend::Local(default_download_dir()),
            (false, None) => {
                return Err(ConfigError::Missing(
                    "obs_bucket (or download_dir, for a directory you sync to the bucket)",
                ))
            }
        };
        Ok(StoreConfig {
            backend,
            max_concurrent_uploads: raw
                .max_concurrent_uploads
                .map_or(defaults.max_concurrent_uploads, NonZeroUsize::get),
            max_uploads_per_caller: raw
                .max_uploads_per_caller
                .map_or(defaults.max_uploads_per_caller, NonZeroUsize::get),
            check_timeout: raw
                .attachment_check_timeout_ms
                .map_or(defaults.check_timeout, |ms| {
                    Duration::from_millis(NonZeroU64::get(ms))
                }),
            request_timeout: defaults.request_timeout,
            allow_foreign_paths: raw.allow_foreign_attachment_paths.unwrap_or(false),
        })
    }

    fn obs(
        raw: &RawConfig,
        upstream: &Upstream,
        allow_http: bool,
    ) -> Result<ObsConfig, ConfigError> {
        let bucket = raw.obs_bucket.clone().unwrap_or_default();
        if !bucket_name_ok(&bucket) {
            return Err(invalid(
                "obs_bucket",
                format!("`{bucket}` is not a bucket name (3 to 63 of a-z, 0-9, '-', '.')"),
            ));
        }
        let region = raw
            .obs_region
            .clone()
            .filter(|r| !r.is_empty())
            .ok_or(ConfigError::Missing("obs_region"))?;
        if !region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(invalid(
                "obs_region",
                format!("`{region}` is not a region id"),
            ));
        }
        let endpoint_text = raw
            .obs_endpoint
            .clone()
            .filter(|e| !e.is_empty())
            .unwrap_or_else(|| format!("https://obs.{region}.myhuaweicloud.com"));
        let endpoint = reqwest::Url::parse(&endpoint_text)
            .map_err(|e| invalid("obs_endpoint", format!("`{endpoint_text}`: {e}")))?;
        let bare = endpoint.host_str().is_some()
            && endpoint.path() == "/"
            && endpoint.query().is_none()
            && endpoint.username().is_empty();
        if !bare {
            return Err(invalid(
                "obs_endpoint",
                "must be a service URL like https://obs.ap-southeast-1.myhuaweicloud.com (no path)",
            ));
        }
        match endpoint.scheme() {
            "https" => {}
            "http" if allow_http => {}
            "http" => return Err(invalid(
                "obs_endpoint",
                "plain http sends the signed requests and the files unencrypted: use https, or \
                     set allow_insecure_http for a store on this machine",
            )),
            other => {
                return Err(invalid(
                    "obs_endpoint",
                    format!("unsupported scheme {other}"),
                ))
            }
        }
        let (access_key, secret_key) = match (&raw.obs_access_key, &raw.obs_secret_key) {
            (Some(ak), Some(sk)) if !ak.is_empty() && !sk.expose().is_empty() => {
                (ak.clone(), sk.clone())
            }
            (None, None) => match upstream {
                // The partner's BSS credentials are IAM credentials that OBS accepts too.
                Upstream::Remote {
                    auth:
                        UpstreamAuth::AkSk {
                            access_key,
                            secret_key,
                            ..
                        },
                    ..
                } => (access_key.clone(), secret_key.clone()),
                _ => return Err(ConfigError::Missing(
                    "obs_access_key and obs_secret_key (or the upstream's access_key and secret_key)",
                )),
            },
            _ => return Err(ConfigError::Missing("obs_access_key and obs_secret_key")),
        };
        Ok(ObsConfig {
            bucket,
            region,
            endpoint,
            access_key,
            secret_key,
        })
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn remote() -> Upstream {
            Upstream::Remote {
                url: "https://bss-intl.myhuaweicloud.com".parse().unwrap(),
                auth: UpstreamAuth::AkSk {
                    access_key: "BSS-AK".into(),
                    secret_key: Secret::new("BSS-SK"),
                    domain_id: None,
                },
            }
        }

        fn with_bucket() -> RawConfig {
            RawConfig {
                obs_bucket: Some("kyc-files".into()),
                obs_region: Some("ap-southeast-1".into()),
                ..RawConfig::default()
            }
        }

        #[test]
        fn obs_uses_the_bss_keys_unless_given_its_own_and_the_public_endpoint() {
            let c = resolve(&with_bucket(), &remote()).unwrap();
            let Backend::Obs(obs) = &c.backend else {
                panic!("obs")
            };
            assert_eq!(obs.access_key, "BSS-AK");
            assert_eq!(
                obs.bucket_url(),
                "https://kyc-files.obs.ap-southeast-1.myhuaweicloud.com"
            );
            let own = RawConfig {
                obs_access_key: Some("OBS-AK".into()),
                obs_secret_key: Some(Secret::new("OBS-SK")),
                ..with_bucket()
            };
            let c = resolve(&own, &remote()).unwrap();
            assert!(matches!(&c.backend, Backend::Obs(o) if o.access_key == "OBS-AK"));
            let half = RawConfig {
                obs_access_key: Some("OBS-AK".into()),
                ..with_bucket()
            };
            assert!(matches!(
                resolve(&half, &remote()),
                Err(ConfigError::Missing(_))
            ));
            // With the simulator (no partner keys) OBS needs its own.
            assert!(matches!(
                resolve(&with_bucket(), &Upstream::Embedded),
                Err(ConfigError::Missing(_))
            ));
        }

        #[test]
        fn a_real_upstream_needs_a_store_and_the_simulator_defaults_to_a_directory() {
            let err = resolve(&RawConfig::default(), &remote()).unwrap_err();
            assert!(err.to_string().contains("obs_bucket"), "{err}");
            let demo = resolve(&RawConfig::default(), &Upstream::Embedded).unwrap();
            assert_eq!(demo.backend, Backend::Local(default_download_dir()));
            let both = RawConfig {
                download_dir: Some("/srv/download".into()),
                ..with_bucket()
            };
            assert!(resolve(&both, &remote()).is_err());
        }

        #[test]
        fn plain_http_endpoints_need_allow_insecure_http() {
            let http = RawConfig {
                obs_endpoint: Some("http://localhost:9000".into()),
                ..with_bucket()
            };
            let err = resolve(&http, &remote()).unwrap_err().to_string();
            assert!(err.starts_with("obs_endpoint:"), "{err}");
            let allowed = RawConfig {
                allow_insecure_http: Some(true),
                ..http
            };
            let c = resolve(&allowed, &remote()).unwrap();
            assert!(
                matches!(&c.backend, Backend::Obs(o) if o.bucket_url() == "http://kyc-files.localhost:9000")
            );
        }

        #[test]
        fn bad_buckets_regions_and_endpoints_are_named() {
            for (raw, key) in [
                (
                    RawConfig {
                        obs_bucket: Some("Kyc_Files".into()),
                        ..with_bucket()
                    },
                    "obs_bucket",
                ),
                (
                    RawConfig {
                        obs_region: Some("ap southeast".into()),
                        ..with_bucket()
                    },
                    "obs_region",
                ),
                (
                    RawConfig {
                        obs_endpoint: Some("https://obs.example.com/path".into()),
                        ..with_bucket()
                    },
                    "obs_endpoint",
                ),
            ] {
                let err = resolve(&raw, &remote()).unwrap_err().to_string();
                assert!(err.starts_with(&format!("{key}:")), "{err}");
            }
            let no_region = RawConfig {
                obs_region: None,
                ..with_bucket()
            };
            assert!(matches!(
                resolve(&no_region, &remote()),
                Err(ConfigError::Missing("obs_region"))
            ));
        }

        #[test]
        fn the_access_key_never_shows_in_debug() {
            let c = resolve(&with_bucket(), &remote()).unwrap();
            let shown = format!("{c:?}");
            assert!(
                !shown.contains("BSS-AK") && !shown.contains("BSS-SK"),
                "{shown}"
            );
            assert!(shown.contains("kyc-files"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remote() -> RawConfig {
        RawConfig {
            upstream: Some("https://bss-intl.myhuaweicloud.com".into()),
            access_key: Some("AK-value-that-must-not-show".into()),
            domain_id: Some("domain-id-that-must-not-show".into()),
            secret_key: Some(Secret::new("SK-value-that-must-not-leak")),
            xaccount_type: Some("X_IDP".into()),
            caller_token_secret: Some(Secret::new("c".repeat(32))),
            download_dir: Some("/srv/kyc/download".into()),
            ..RawConfig::default()
        }
    }

    /// A file's text under an environment of `(variable, value)` pairs.
    fn read(toml: &str, env: &[(&str, &str)]) -> Result<RawConfig, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("proxy.toml");
        std::fs::write(&file, toml).unwrap();
        let var = |k: &str| {
            env.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        };
        RawConfig::extract(&RawConfig::figment(Some(&file), var), var)
    }

    #[test]
    fn a_complete_remote_configuration_resolves_without_demo() {
        let c = Config::resolve(remote()).unwrap();
        assert!(matches!(
            c.upstream,
            Upstream::Remote {
                auth: UpstreamAuth::AkSk { .. },
                ..
            }
        ));
        assert!(c.demo.is_none());
    }

    #[test]
    fn demo_mode_serves_the_built_pages_unless_told_otherwise() {
        let demo = Config::resolve(RawConfig::default()).unwrap().demo.unwrap();
        assert_eq!(demo.www_dir, PathBuf::from("www/dist"));
        assert_eq!(demo.pkg_dir, PathBuf::from("pkg"));
        let chosen = RawConfig {
            www_dir: Some("site".into()),
            ..RawConfig::default()
        };
        let demo = Config::resolve(chosen).unwrap().demo.unwrap();
        assert_eq!(demo.www_dir, PathBuf::from("site"));
    }

    #[test]
    fn a_remote_upstream_needs_credentials_platform_and_caller_secret() {
        let mut r = remote();
        r.secret_key = None;
        assert!(matches!(Config::resolve(r), Err(ConfigError::Missing(_))));
        let mut r = remote();
        r.xaccount_type = None;
        assert!(matches!(
            Config::resolve(r),
            Err(ConfigError::Missing("xaccount_type"))
        ));
        let mut r = remote();
        r.caller_token_secret = None;
        assert!(matches!(
            Config::resolve(r),
            Err(ConfigError::Missing("caller_token_secret"))
        ));
        let mut r = remote();
        r.caller_token_secret = Some(Secret::new("short"));
        assert!(Config::resolve(r).is_err());
    }

    #[test]
    fn a_token_may_replace_ak_sk() {
        let mut r = remote();
        r.access_key = None;
        r.secret_key = None;
        r.auth_token = Some(Secret::new("MIIP-token"));
        let c = Config::resolve(r).unwrap();
        assert!(matches!(
            c.upstream,
            Upstream::Remote {
                auth: UpstreamAuth::Token(_),
                ..
            }
        ));
    }

    #[test]
    fn demo_mode_is_refused_with_a_real_upstream() {
        let mut r = remote();
        r.demo = Some(true);
        assert!(Config::resolve(r).is_err());
    }

    #[test]
    fn environment_overrides_the_file() {
        let raw = read(
            "listen = \"127.0.0.1:9000\"\nrate_limit_per_minute = 5\ncors_origins = [\"https://a.example\"]\ntrust_forwarded_for = false",
            &[
                ("HWC_KYC_LISTEN", "127.0.0.1:9100"),
                ("HWC_KYC_CORS_ORIGINS", "https://b.example, https://c.example"),
                ("HWC_KYC_TRUST_FORWARDED_FOR", "yes"),
                // Empty: unset. Other HWC_KYC_ variables are not keys.
                ("HWC_KYC_RATE_LIMIT_PER_MINUTE", ""),
                ("HWC_KYC_SIM_LISTEN", "127.0.0.1:1"),
                ("HWC_KYC_CONFIG", "elsewhere.toml"),
            ],
        )
        .unwrap();
        let c = Config::resolve(raw).unwrap();
        assert_eq!(c.listen.port(), 9100);
        assert_eq!(c.limits.rate_limit_per_minute, 5);
        assert_eq!(c.cors_origins, ["https://b.example", "https://c.example"]);
        assert!(c.trust_forwarded_for);
    }

    #[test]
    fn text_from_the_environment_is_kept_as_written() {
        let raw = read(
            "",
            &[
                ("HWC_KYC_DOMAIN_ID", "0123456789"),
                ("HWC_KYC_ACCESS_KEY", "true"),
                ("HWC_KYC_SECRET_KEY", "[1,2]"),
                ("HWC_KYC_XACCOUNT_TYPE", "1.50"),
            ],
        )
        .unwrap();
        assert_eq!(raw.domain_id.as_deref(), Some("0123456789"));
        assert_eq!(raw.access_key.as_deref(), Some("true"));
        assert_eq!(raw.secret_key.as_ref().map(Secret::expose), Some("[1,2]"));
        assert_eq!(raw.xaccount_type.as_deref(), Some("1.50"));
    }

    #[test]
    fn unknown_keys_and_bad_values_are_refused_naming_the_key() {
        let err = RawConfig::from_toml("secret = 1").unwrap_err().to_string();
        assert!(err.starts_with("secret:"), "{err}");
        let err = RawConfig::from_toml("max_body_bytes = \"big\"")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("max_body_bytes:"), "{err}");
        let err = read("", &[("HWC_KYC_MAX_BODY_BYTES", "lots")])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("HWC_KYC_MAX_BODY_BYTES: `lots`"), "{err}");
        let err = read("", &[("HWC_KYC_TRUST_FORWARDED_FOR", "maybe")])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("HWC_KYC_TRUST_FORWARDED_FOR: `maybe`"),
            "{err}"
        );
        let err = read("", &[("HWC_KYC_LISTEN", "localhost")])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("HWC_KYC_LISTEN: `localhost`"), "{err}");
        let err = RawConfig::from_toml("cors_origins = [\"https://a.example/path\"]")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("cors_origins: `https://a.example/path`"),
            "{err}"
        );
        let err = read("", &[("HWC_KYC_CORS_ORIGINS", "https://a.example,ftp:")])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("HWC_KYC_CORS_ORIGINS: `ftp:`"), "{err}");
    }

    #[test]
    fn zero_is_refused_for_every_limit_from_the_file_and_the_environment() {
        for key in [
            "max_body_bytes",
            "max_upload_bytes",
            "upstream_timeout_ms",
            "header_read_timeout_ms",
            "body_read_timeout_ms",
            "max_connections",
            "max_connections_per_client",
            "rate_limit_per_minute",
            "check_identity_per_minute",
            "demo_token_ttl_secs",
            "max_concurrent_uploads",
            "max_uploads_per_caller",
            "attachment_check_timeout_ms",
            "caller_token_max_lifetime_secs",
            "workers",
        ] {
            let err = RawConfig::from_toml(&format!("{key} = 0"))
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(&format!("{key}: ")), "{err}");
            let env = format!("HWC_KYC_{}", key.to_ascii_uppercase());
            let err = read("", &[(env.as_str(), "0")]).unwrap_err().to_string();
            assert!(err.starts_with(&format!("{env}: `0`")), "{err}");
        }
    }

    #[test]
    fn a_missing_file_is_named() {
        let missing = PathBuf::from("/nonexistent/hwc-kyc-proxy.toml");
        let err = RawConfig::load(&[
            "proxy".into(),
            "--config".into(),
            missing.display().to_string(),
        ])
        .unwrap_err()
        .to_string();
        assert!(err.contains("/nonexistent/hwc-kyc-proxy.toml"), "{err}");
    }

    #[test]
    fn client_timeouts_and_connection_limit_have_defaults_and_can_be_set() {
        let c = Config::resolve(RawConfig::default()).unwrap();
        assert_eq!(c.listen, DEFAULT_LISTEN);
        assert_eq!(c.limits.header_read_timeout, Duration::from_secs(10));
        assert_eq!(c.limits.body_read_timeout, Duration::from_secs(60));
        assert_eq!(c.limits.max_connections, 1024);
        let raw = read(
            "header_read_timeout_ms = 250\nbody_read_timeout_ms = 500\nmax_connections = 8",
            &[("HWC_KYC_MAX_CONNECTIONS", "16")],
        )
        .unwrap();
        let c = Config::resolve(raw).unwrap();
        assert_eq!(c.limits.header_read_timeout, Duration::from_millis(250));
        assert_eq!(c.limits.body_read_timeout, Duration::from_millis(500));
        assert_eq!(c.limits.max_connections, 16);
    }

    #[test]
    fn workers_default_to_the_cores_and_can_be_set() {
        let c = Config::resolve(RawConfig::default()).unwrap();
        let cores = std::thread::available_parallelism().unwrap();
        assert_eq!(c.workers, cores);
        let c = Config::resolve(read("workers = 3", &[]).unwrap()).unwrap();
        assert_eq!(c.workers.get(), 3);
        let c = Config::resolve(read("workers = 3", &[("HWC_KYC_WORKERS", "1")]).unwrap()).unwrap();
        assert_eq!(c.workers.get(), 1);
    }

    #[test]
    fn every_key_has_its_environment_variable() {
        let names = field_names();
        assert_eq!(names.len(), 42);
        for key in names {
            assert!(
                key.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{key}"
            );
        }
        let readme = include_str!("../README.md");
        for key in names {
            let row = format!("| `{key}` | `HWC_KYC_{}`", key.to_ascii_uppercase());
            assert!(readme.contains(&row), "README row for {key}");
        }
    }

    #[test]
    fn secrets_never_appear_in_debug_output_or_errors() {
        let c = Config::resolve(remote()).unwrap();
        let shown = format!("{c:?}");
        for hidden in [
            "AK-value-that-must-not-show",
            "domain-id-that-must-not-show",
            "X_IDP",
        ] {
            assert!(!shown.contains(hidden), "{hidden} in {shown}");
        }
        assert!(!shown.contains("SK-value-that-must-not-leak"));
        assert!(!shown.contains(&"c".repeat(32)));
        let mut r = remote();
        r.caller_token_secret = Some(Secret::new("short-secret-value"));
        let err = Config::resolve(r).unwrap_err().to_string();
        assert!(!err.contains("short-secret-value"));
    }
}
