//! Configuration: a TOML file and `HWC_KYC_*` environment variables (the environment wins),
//! resolved into a checked [`Config`]. Every key is documented in the crate's README.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use hwc_kyc::rules::limits::ATTACHMENT_FILE_MAX_BYTES;
use serde::Deserialize;

/// Default listening address.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
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

/// The configuration as written: every key optional. Field names are the TOML keys; the
/// environment variable of each is `HWC_KYC_` + the key in upper case.
///
/// ```
/// let raw = hwc_kyc_proxy::RawConfig::from_toml(r#"
///     listen = "127.0.0.1:9000"
///     cors_origins = ["https://portal.example.com"]
/// "#).unwrap();
/// assert_eq!(raw.listen.as_deref(), Some("127.0.0.1:9000"));
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// Address to listen on.
    pub listen: Option<String>,
    /// Base URL of the real endpoint; absent: the embedded simulator.
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
    /// Origins allowed by CORS (none: same-origin only).
    pub cors_origins: Option<Vec<String>>,
    /// Largest JSON body, bytes.
    pub max_body_bytes: Option<usize>,
    /// Largest upload request, bytes.
    pub max_upload_bytes: Option<usize>,
    /// Upstream timeout, milliseconds.
    pub upstream_timeout_ms: Option<u64>,
    /// Time a caller has to send a request's headers, milliseconds.
    pub header_read_timeout_ms: Option<u64>,
    /// Time a caller has to send a request's body once its headers are in, milliseconds.
    pub body_read_timeout_ms: Option<u64>,
    /// Connections served at once.
    pub max_connections: Option<usize>,
    /// Requests per minute per client address, every route but `/healthz`.
    pub rate_limit_per_minute: Option<u32>,
    /// check-identity requests per minute per client address.
    pub check_identity_per_minute: Option<u32>,
    /// Take the client address from the last `X-Forwarded-For` entry.
    pub trust_forwarded_for: Option<bool>,
    /// Where uploads are stored (the bucket's `download/` directory).
    pub download_dir: Option<PathBuf>,
    /// Demo mode (only with the embedded simulator; default on there).
    pub demo: Option<bool>,
    /// Demo pages directory (default [`DEFAULT_WWW_DIR`], where `cargo xtask demo` builds them).
    pub www_dir: Option<PathBuf>,
    /// Built npm package directory, served at `/pkg/`.
    pub pkg_dir: Option<PathBuf>,
    /// Lifetime of demo caller tokens, seconds.
    pub demo_token_ttl_secs: Option<u64>,
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
    /// The file is not valid TOML for these keys.
    #[error("invalid configuration file: {0}")]
    Toml(String),
    /// A value has the wrong form.
    #[error("{key}: {reason}")]
    Invalid {
        /// The key (TOML name or environment variable).
        key: String,
        /// What is wrong.
        reason: String,
    },
    /// A value needed with a real upstream is absent.
    #[error("{0} is required when `upstream` points at a real endpoint")]
    Missing(&'static str),
}

fn invalid(key: &str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key: key.into(),
        reason: reason.into(),
    }
}

impl RawConfig {
    /// Parses a TOML document.
    ///
    /// # Errors
    /// [`ConfigError::Toml`] for bad syntax, an unknown key or a value of the wrong type.
    pub fn from_toml(text: &str) -> Result<Self, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Toml(e.message().to_string()))
    }

    /// Reads a TOML file.
    ///
    /// # Errors
    /// When the file cannot be read or parsed.
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_toml(&text)
    }

    /// Overrides keys from environment variables, read through `var` (`HWC_KYC_LISTEN`, ...).
    /// Lists (`HWC_KYC_CORS_ORIGINS`) are comma-separated.
    ///
    /// # Errors
    /// When a number or boolean does not parse.
    ///
    /// ```
    /// let mut raw = hwc_kyc_proxy::RawConfig::default();
    /// raw.apply_env(|k| (k == "HWC_KYC_UPSTREAM_TIMEOUT_MS").then(|| "300".to_string())).unwrap();
    /// assert_eq!(raw.upstream_timeout_ms, Some(300));
    /// ```
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        fn num<T: std::str::FromStr>(key: &str, v: String) -> Result<T, ConfigError> {
            v.trim()
                .parse()
                .map_err(|_| invalid(key, format!("`{v}` is not a whole number")))
        }
        fn flag(key: &str, v: String) -> Result<bool, ConfigError> {
            match v.trim().to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => Ok(true),
                "0" | "false" | "no" | "off" => Ok(false),
                _ => Err(invalid(key, format!("`{v}` is not true or false"))),
            }
        }
        let get = |name: &str| var(name).filter(|v| !v.is_empty());
        macro_rules! text {
            ($field:ident, $env:literal) => {
                if let Some(v) = get($env) {
                    self.$field = Some(v.into());
                }
            };
        }
        macro_rules! parsed {
            ($field:ident, $env:literal, $f:expr) => {
                if let Some(v) = get($env) {
                    self.$field = Some($f($env, v)?);
                }
            };
        }
        text!(listen, "HWC_KYC_LISTEN");
        text!(upstream, "HWC_KYC_UPSTREAM");
        text!(access_key, "HWC_KYC_ACCESS_KEY");
        if let Some(v) = get("HWC_KYC_SECRET_KEY") {
            self.secret_key = Some(Secret(v));
        }
        text!(domain_id, "HWC_KYC_DOMAIN_ID");
        if let Some(v) = get("HWC_KYC_AUTH_TOKEN") {
            self.auth_token = Some(Secret(v));
        }
        text!(xaccount_type, "HWC_KYC_XACCOUNT_TYPE");
        if let Some(v) = get("HWC_KYC_CALLER_TOKEN_SECRET") {
            self.caller_token_secret = Some(Secret(v));
        }
        if let Some(v) = get("HWC_KYC_CORS_ORIGINS") {
            self.cors_origins = Some(
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
            );
        }
        parsed!(max_body_bytes, "HWC_KYC_MAX_BODY_BYTES", num);
        parsed!(max_upload_bytes, "HWC_KYC_MAX_UPLOAD_BYTES", num);
        parsed!(upstream_timeout_ms, "HWC_KYC_UPSTREAM_TIMEOUT_MS", num);
        parsed!(
            header_read_timeout_ms,
            "HWC_KYC_HEADER_READ_TIMEOUT_MS",
            num
        );
        parsed!(body_read_timeout_ms, "HWC_KYC_BODY_READ_TIMEOUT_MS", num);
        parsed!(max_connections, "HWC_KYC_MAX_CONNECTIONS", num);
        parsed!(rate_limit_per_minute, "HWC_KYC_RATE_LIMIT_PER_MINUTE", num);
        parsed!(
            check_identity_per_minute,
            "HWC_KYC_CHECK_IDENTITY_PER_MINUTE",
            num
        );
        parsed!(trust_forwarded_for, "HWC_KYC_TRUST_FORWARDED_FOR", flag);
        text!(download_dir, "HWC_KYC_DOWNLOAD_DIR");
        parsed!(demo, "HWC_KYC_DEMO", flag);
        text!(www_dir, "HWC_KYC_WWW_DIR");
        text!(pkg_dir, "HWC_KYC_PKG_DIR");
        parsed!(demo_token_ttl_secs, "HWC_KYC_DEMO_TOKEN_TTL_SECS", num);
        Ok(())
    }

    /// The configuration of a process: the file named by `--config PATH` in `args` or by
    /// `HWC_KYC_CONFIG`, then the process environment over it.
    ///
    /// # Errors
    /// As [`RawConfig::from_file`] and [`RawConfig::apply_env`].
    pub fn load(args: &[String]) -> Result<Self, ConfigError> {
        let from_args = args
            .windows(2)
            .find(|w| w[0] == "--config")
            .map(|w| PathBuf::from(&w[1]));
        let file = from_args.or_else(|| std::env::var_os(CONFIG_FILE_ENV).map(PathBuf::from));
        let mut raw = match file {
            Some(path) => Self::from_file(&path)?,
            None => RawConfig::default(),
        };
        raw.apply_env(|k| std::env::var(k).ok())?;
        Ok(raw)
    }
}

/// How the proxy authenticates to the upstream.
#[derive(Debug, Clone)]
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

/// A checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Where requests go.
    pub upstream: Upstream,
    /// The partner's platform ID (`None` with the embedded simulator: the simulator's).
    pub xaccount_type: Option<String>,
    /// HS256 secret of caller tokens (`None` with the embedded simulator: a random one).
    pub caller_token_secret: Option<Secret>,
    /// Origins allowed by CORS.
    pub cors_origins: Vec<String>,
    /// Limits.
    pub limits: Limits,
    /// Take the client address from `X-Forwarded-For`.
    pub trust_forwarded_for: bool,
    /// Where uploads are stored.
    pub download_dir: PathBuf,
    /// Demo mode, when on.
    pub demo: Option<Demo>,
}

fn default_download_dir() -> PathBuf {
    std::env::temp_dir().join("hwc-kyc").join("download")
}

impl Config {
    /// Checks and completes a raw configuration.
    ///
    /// # Errors
    /// A [`ConfigError`] naming the key: a malformed address or URL, a real upstream without
    /// credentials, platform ID or caller-token secret, a short secret, demo mode with a real
    /// upstream, a zero limit.
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
        let listen_text = raw.listen.as_deref().unwrap_or(DEFAULT_LISTEN);
        let listen = listen_text
            .parse()
            .map_err(|_| invalid("listen", format!("`{listen_text}` is not host:port")))?;

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

        let xaccount_type = raw.xaccount_type.clone().filter(|x| !x.is_empty());
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

        let mut cors_origins = Vec::new();
        for origin in raw.cors_origins.clone().unwrap_or_default() {
            let parsed = reqwest::Url::parse(&origin)
                .ok()
                .filter(|u| u.path() == "/" && u.query().is_none() && u.host_str().is_some());
            if parsed.is_none() || origin.ends_with('/') {
                return Err(invalid(
                    "cors_origins",
                    format!("`{origin}` is not an origin like https://portal.example.com"),
                ));
            }
            cors_origins.push(origin);
        }

        let defaults = Limits::default();
        let positive = |key: &str, v: Option<u64>, default: u64| match v {
            Some(0) => Err(invalid(key, "must be greater than 0")),
            Some(v) => Ok(v),
            None => Ok(default),
        };
        let limits = Limits {
            max_body_bytes: positive(
                "max_body_bytes",
                raw.max_body_bytes.map(|v| v as u64),
                defaults.max_body_bytes as u64,
            )? as usize,
            max_upload_bytes: positive(
                "max_upload_bytes",
                raw.max_upload_bytes.map(|v| v as u64),
                defaults.max_upload_bytes as u64,
            )? as usize,
            upstream_timeout: Duration::from_millis(positive(
                "upstream_timeout_ms",
                raw.upstream_timeout_ms,
                defaults.upstream_timeout.as_millis() as u64,
            )?),
            header_read_timeout: Duration::from_millis(positive(
                "header_read_timeout_ms",
                raw.header_read_timeout_ms,
                defaults.header_read_timeout.as_millis() as u64,
            )?),
            body_read_timeout: Duration::from_millis(positive(
                "body_read_timeout_ms",
                raw.body_read_timeout_ms,
                defaults.body_read_timeout.as_millis() as u64,
            )?),
            max_connections: positive(
                "max_connections",
                raw.max_connections.map(|v| v as u64),
                defaults.max_connections as u64,
            )? as usize,
            rate_limit_per_minute: positive(
                "rate_limit_per_minute",
                raw.rate_limit_per_minute.map(u64::from),
                u64::from(defaults.rate_limit_per_minute),
            )? as u32,
            check_identity_per_minute: positive(
                "check_identity_per_minute",
                raw.check_identity_per_minute.map(u64::from),
                u64::from(defaults.check_identity_per_minute),
            )? as u32,
        };

        let demo =
            match (raw.demo, remote) {
                (Some(true), true) => return Err(invalid(
                    "demo",
                    "demo mode issues caller tokens to anyone: only with the embedded simulator",
                )),
                (Some(false), _) | (_, true) => None,
                (_, false) => Some(Demo {
                    www_dir: raw
                        .www_dir
                        .clone()
                        .unwrap_or_else(|| PathBuf::from(DEFAULT_WWW_DIR)),
                    pkg_dir: raw.pkg_dir.clone().unwrap_or_else(|| PathBuf::from("pkg")),
                    token_ttl: Duration::from_secs(raw.demo_token_ttl_secs.unwrap_or(3600).max(1)),
                }),
            };

        Ok(Config {
            listen,
            upstream,
            xaccount_type,
            caller_token_secret,
            cors_origins,
            limits,
            trust_forwarded_for: raw.trust_forwarded_for.unwrap_or(false),
            download_dir: raw
                .download_dir
                .clone()
                .unwrap_or_else(default_download_dir),
            demo,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remote() -> RawConfig {
        RawConfig {
            upstream: Some("https://bss-intl.myhuaweicloud.com".into()),
            access_key: Some("AK".into()),
            secret_key: Some(Secret::new("SK-value-that-must-not-leak")),
            xaccount_type: Some("X_IDP".into()),
            caller_token_secret: Some(Secret::new("c".repeat(32))),
            ..RawConfig::default()
        }
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
        let mut raw = RawConfig::from_toml(
            "listen = \"127.0.0.1:9000\"\nrate_limit_per_minute = 5\ncors_origins = [\"https://a.example\"]",
        )
        .unwrap();
        let env = |k: &str| match k {
            "HWC_KYC_LISTEN" => Some("127.0.0.1:9100".to_string()),
            "HWC_KYC_CORS_ORIGINS" => Some("https://b.example, https://c.example".to_string()),
            "HWC_KYC_TRUST_FORWARDED_FOR" => Some("yes".to_string()),
            _ => None,
        };
        raw.apply_env(env).unwrap();
        let c = Config::resolve(raw).unwrap();
        assert_eq!(c.listen.port(), 9100);
        assert_eq!(c.limits.rate_limit_per_minute, 5);
        assert_eq!(c.cors_origins, ["https://b.example", "https://c.example"]);
        assert!(c.trust_forwarded_for);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_refused() {
        assert!(RawConfig::from_toml("secret = 1").is_err());
        assert!(RawConfig::from_toml("max_body_bytes = \"big\"").is_err());
        let mut raw = RawConfig::default();
        assert!(raw
            .apply_env(|k| (k == "HWC_KYC_MAX_BODY_BYTES").then(|| "lots".into()))
            .is_err());
        let raw = RawConfig {
            cors_origins: Some(vec!["https://a.example/path".into()]),
            ..RawConfig::default()
        };
        assert!(Config::resolve(raw).is_err());
        let raw = RawConfig {
            max_body_bytes: Some(0),
            ..RawConfig::default()
        };
        assert!(Config::resolve(raw).is_err());
    }

    #[test]
    fn client_timeouts_and_connection_limit_have_defaults_and_can_be_set() {
        let c = Config::resolve(RawConfig::default()).unwrap();
        assert_eq!(c.limits.header_read_timeout, Duration::from_secs(10));
        assert_eq!(c.limits.body_read_timeout, Duration::from_secs(60));
        assert_eq!(c.limits.max_connections, 1024);
        let mut raw = RawConfig::from_toml(
            "header_read_timeout_ms = 250\nbody_read_timeout_ms = 500\nmax_connections = 8",
        )
        .unwrap();
        raw.apply_env(|k| (k == "HWC_KYC_MAX_CONNECTIONS").then(|| "16".to_string()))
            .unwrap();
        let c = Config::resolve(raw).unwrap();
        assert_eq!(c.limits.header_read_timeout, Duration::from_millis(250));
        assert_eq!(c.limits.body_read_timeout, Duration::from_millis(500));
        assert_eq!(c.limits.max_connections, 16);
        for key in [
            "header_read_timeout_ms = 0",
            "body_read_timeout_ms = 0",
            "max_connections = 0",
        ] {
            let err = Config::resolve(RawConfig::from_toml(key).unwrap()).unwrap_err();
            assert!(err.to_string().starts_with(&key[..key.len() - 4]), "{err}");
        }
    }

    #[test]
    fn secrets_never_appear_in_debug_output_or_errors() {
        let c = Config::resolve(remote()).unwrap();
        let shown = format!("{c:?}");
        assert!(!shown.contains("SK-value-that-must-not-leak"));
        assert!(!shown.contains(&"c".repeat(32)));
        let mut r = remote();
        r.caller_token_secret = Some(Secret::new("short-secret-value"));
        let err = Config::resolve(r).unwrap_err().to_string();
        assert!(!err.contains("short-secret-value"));
    }
}
