//! Where attachments live: the partner's OBS bucket through its S3-compatible API, or a local
//! directory (configured explicitly, or in demo mode). Both are [`object_store::ObjectStore`]s —
//! the backend trait — `AmazonS3` set up for OBS and `LocalFileSystem`; this module picks one from
//! the configuration, maps `verified_file_url` paths to object keys
//! (`download/<customer_id>/<random>.<ext>` in the bucket, `<customer_id>/<random>.<ext>` under
//! the local directory, which stands for the bucket's `download/`), and holds the limits on
//! uploads at once.
//!
//! OBS: AWS signature v4 with `UNSIGNED-PAYLOAD` (the body is not hashed, so it can stream) and no
//! checksum headers or aws-chunked encoding (OBS refuses both: object_store sends neither unless
//! asked), addressed virtual-hosted style `https://<bucket>.obs.<region>.myhuaweicloud.com` (OBS
//! requires it on its public endpoints).

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use object_store::aws::AmazonS3Builder;
use object_store::client::{DnsFuture, DnsResolver};
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ClientOptions, ObjectStore, ObjectStoreExt, RetryConfig};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

pub use crate::config::store::{Backend, ObsConfig, StoreConfig};

/// The object-key directory of the bucket that `verified_file_url` paths are relative to.
pub const DOWNLOAD_PREFIX: &str = "download/";

/// Part size of multipart uploads, and the most a file buffers before its first part goes: S3's
/// smallest part (OBS accepts 100 KB and up). A file of at most this size is one `PUT`.
pub(crate) const PART_BYTES: usize = 5 * 1024 * 1024;

/// Why the store could not be used.
#[derive(Debug, thiserror::Error)]
#[error("the attachment store failed: {0}")]
pub(crate) struct StoreError(String);

impl StoreError {
    pub(crate) fn new(reason: impl Into<String>) -> Self {
        StoreError(reason.into())
    }
}

impl From<object_store::Error> for StoreError {
    fn from(e: object_store::Error) -> Self {
        // object_store's messages name the key and the status, never the credentials.
        StoreError(e.to_string())
    }
}

/// Names under `.localhost` are the machine itself (RFC 6761 §6.3), so a bucket addressed
/// virtual-hosted style on a local S3-compatible server (`<bucket>.localhost`) resolves without
/// the system resolver, which knows only `localhost`; every other name goes to the system.
#[derive(Debug)]
struct LocalhostNames;

impl DnsResolver for LocalhostNames {
    fn resolve(&self, host: &str) -> DnsFuture {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        Box::pin(async move {
            if host == "localhost" || host.ends_with(".localhost") {
                return Ok(vec![
                    IpAddr::V4(Ipv4Addr::LOCALHOST),
                    IpAddr::V6(Ipv6Addr::LOCALHOST),
                ]);
            }
            let found = tokio::net::lookup_host((host.as_str(), 0)).await?;
            Ok(found.map(|a| a.ip()).collect())
        })
    }
}

/// The store and the limits on uploads, shared by the handlers.
pub(crate) struct Attachments {
    store: Arc<dyn ObjectStore>,
    /// Prepended to a `verified_file_url` path to make its key.
    prefix: &'static str,
    config: StoreConfig,
    uploads: Arc<Semaphore>,
    per_caller: Arc<Mutex<HashMap<String, usize>>>,
}

impl std::fmt::Debug for Attachments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attachments")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// The store's HTTP client: bounded retries (a refusal or a fault is answered in seconds, not
/// after object_store's default three minutes of retries) and per-request timeouts.
fn client_options(config: &StoreConfig, allow_http: bool) -> ClientOptions {
    ClientOptions::new()
        .with_allow_http(allow_http)
        .with_connect_timeout(Duration::from_secs(5))
        .with_timeout(config.request_timeout)
        .with_dns_resolver(Arc::new(LocalhostNames))
}

impl Attachments {
    /// Opens the configured store (creating the local directory when needed).
    ///
    /// # Errors
    /// The reason, naming the directory or the bucket, never a credential.
    pub(crate) fn open(config: &StoreConfig) -> Result<Self, String> {
        let (store, prefix): (Arc<dyn ObjectStore>, &'static str) = match &config.backend {
            Backend::Obs(obs) => {
                // reqwest is built without a bundled crypto provider; use ring's, once per
                // process (as the upstream client does).
                let _ = rustls::crypto::ring::default_provider().install_default();
                let s3 = AmazonS3Builder::new()
                    .with_bucket_name(&obs.bucket)
                    .with_region(&obs.region)
                    .with_endpoint(obs.bucket_url())
                    .with_virtual_hosted_style_request(true)
                    .with_access_key_id(&obs.access_key)
                    .with_secret_access_key(obs.secret_key.expose())
                    .with_unsigned_payload(true)
                    .with_client_options(client_options(config, obs.endpoint.scheme() == "http"))
                    .with_retry(RetryConfig {
                        max_retries: 1,
                        retry_timeout: config.request_timeout,
                        ..RetryConfig::default()
                    })
                    .build()
                    .map_err(|e| format!("OBS bucket {}: {e}", obs.bucket))?;
                (Arc::new(s3), DOWNLOAD_PREFIX)
            }
            Backend::Local(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("download_dir {}: {e}", dir.display()))?;
                let local = LocalFileSystem::new_with_prefix(dir)
                    .map_err(|e| format!("download_dir {}: {e}", dir.display()))?;
                (Arc::new(local), "")
            }
        };
        Ok(Attachments {
            store,
            prefix,
            config: config.clone(),
            uploads: Arc::new(Semaphore::new(config.max_concurrent_uploads)),
            per_caller: Arc::new(Mutex::new(HashMap::new())),
        })
    }

    pub(crate) fn config(&self) -> &StoreConfig {
        &self.config
    }

    pub(crate) fn store(&self) -> Arc<dyn ObjectStore> {
        self.store.clone()
    }

    /// The object key of a `verified_file_url` path, or `None` when it cannot name an object.
    pub(crate) fn key(&self, path: &str) -> Option<ObjectPath> {
        ObjectPath::parse(format!("{}{path}", self.prefix)).ok()
    }

    /// Whether the object of `path` exists.
    pub(crate) async fn exists(&self, path: &str) -> Result<bool, StoreError> {
        let Some(key) = self.key(path) else {
            return Ok(false);
        };
        match self.store.head(&key).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Deletes the object of `path` (already gone counts as deleted).
    pub(crate) async fn delete(&self, path: &str) -> Result<(), StoreError> {
        let Some(key) = self.key(path) else {
            return Ok(());
        };
        match self.store.delete(&key).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// A slot for one upload request of `customer`: `None` when the customer already has
    /// `max_uploads_per_caller` uploads in progress. The slot then waits (see
    /// [`UploadSlot::ready`]) for one of the `max_concurrent_uploads` overall.
    pub(crate) fn slot(&self, customer: &str) -> Option<UploadSlot> {
        let mut counts = self
            .per_caller
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let count = counts.entry(customer.to_string()).or_insert(0);
        if *count >= self.config.max_uploads_per_caller {
            return None;
        }
        *count += 1;
        Some(UploadSlot {
            customer: customer.to_string(),
            per_caller: self.per_caller.clone(),
            uploads: self.uploads.clone(),
            permit: None,
        })
    }
}

/// One upload request in progress for a customer; released when dropped.
pub(crate) struct UploadSlot {
    customer: String,
    per_caller: Arc<Mutex<HashMap<String, usize>>>,
    uploads: Arc<Semaphore>,
    permit: Option<OwnedSemaphorePermit>,
}

impl UploadSlot {
    /// Waits for one of the uploads allowed at once overall.
    pub(crate) async fn ready(&mut self) {
        if self.permit.is_none() {
            // The semaphore is never closed.
            self.permit = self.uploads.clone().acquire_owned().await.ok();
        }
    }
}

impl Drop for UploadSlot {
    fn drop(&mut self) {
        let mut counts = self
            .per_caller
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = counts.get_mut(&self.customer) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                counts.remove(&self.customer);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(dir: &std::path::Path, per_caller: usize, overall: usize) -> Attachments {
        let config = StoreConfig {
            backend: Backend::Local(dir.to_path_buf()),
            max_uploads_per_caller: per_caller,
            max_concurrent_uploads: overall,
            ..StoreConfig::default()
        };
        Attachments::open(&config).unwrap()
    }

    #[test]
    fn a_customer_gets_its_slots_and_gets_them_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = local(dir.path(), 2, 8);
        let a = store.slot("c1").expect("first");
        let _b = store.slot("c1").expect("second");
        assert!(store.slot("c1").is_none(), "a third at once is refused");
        assert!(store.slot("c2").is_some(), "another customer has its own");
        drop(a);
        assert!(
            store.slot("c1").is_some(),
            "a finished upload gives its slot back"
        );
    }

    #[tokio::test]
    async fn uploads_beyond_the_overall_limit_wait_for_one_to_finish() {
        let dir = tempfile::tempdir().unwrap();
        let store = local(dir.path(), 2, 1);
        let mut first = store.slot("c1").unwrap();
        first.ready().await;
        let mut second = store.slot("c2").unwrap();
        let waited = tokio::time::timeout(Duration::from_millis(100), second.ready()).await;
        assert!(waited.is_err(), "no overall slot while the first holds it");
        drop(first);
        tokio::time::timeout(Duration::from_secs(5), second.ready())
            .await
            .expect("the freed slot is taken");
    }

    #[tokio::test]
    async fn local_keys_are_the_paths_and_bucket_keys_are_under_download() {
        let dir = tempfile::tempdir().unwrap();
        let store = local(dir.path(), 1, 1);
        assert_eq!(store.key("c1/a.png").unwrap().as_ref(), "c1/a.png");
        assert!(!store.exists("c1/a.png").await.unwrap());
        std::fs::create_dir_all(dir.path().join("c1")).unwrap();
        std::fs::write(dir.path().join("c1/a.png"), b"x").unwrap();
        assert!(store.exists("c1/a.png").await.unwrap());
        store.delete("c1/a.png").await.unwrap();
        assert!(!dir.path().join("c1/a.png").exists());
        store
            .delete("c1/a.png")
            .await
            .expect("deleting twice is fine");
    }

    #[tokio::test]
    async fn names_under_localhost_resolve_to_loopback_without_the_system() {
        let found = LocalhostNames
            .resolve("kyc-bucket.localhost")
            .await
            .unwrap();
        assert!(found.iter().all(IpAddr::is_loopback) && !found.is_empty());
        let found = LocalhostNames.resolve("localhost").await.unwrap();
        assert!(found.iter().all(IpAddr::is_loopback));
    }
}
