//! The storage part of the configuration: which backend, its credentials, and the limits on
//! uploads and on the checks before forwarding. Keys are documented in the crate's README.

use std::num::{NonZeroU64, NonZeroUsize};
use std::path::PathBuf;
use std::time::Duration;

use crate::config::{invalid, ConfigError, RawConfig, Secret, Upstream, UpstreamAuth};

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
    let edge_ok = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
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
pub(crate) fn resolve(raw: &RawConfig, upstream: &Upstream) -> Result<StoreConfig, ConfigError> {
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

fn obs(raw: &RawConfig, upstream: &Upstream, allow_http: bool) -> Result<ObsConfig, ConfigError> {
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
        "http" => {
            return Err(invalid(
                "obs_endpoint",
                "plain http sends the signed requests and the files unencrypted: use https, or \
                 set allow_insecure_http for a store on this machine",
            ))
        }
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
