//! An S3-compatible server in the test process: `s3s-fs` (objects in a temporary directory),
//! verifying AWS signature v4 with one key pair, addressed virtual-hosted style as
//! `<bucket>.localhost:<port>`; in front of it a switch that makes it slow or fail, and a record of
//! the `Host` and method of every request.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use s3s::auth::SimpleAuth;
use s3s::host::SingleDomain;
use s3s::service::S3ServiceBuilder;
use tokio::net::TcpListener;

/// The bucket the tests use.
pub const BUCKET: &str = "kyc-files";
/// The store's own key pair (the tests' OBS keys).
pub const OBS_AK: &str = "OBSTESTACCESSKEY0001";
pub const OBS_SK: &str = "obs-test-secret-key-0123456789abcdefghij";

/// What the server does with the next requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Serves them.
    None,
    /// Serves them after a delay.
    Slow(Duration),
    /// Answers this status with an S3 error body, without serving.
    Status(u16),
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub host: String,
    pub path: String,
}

pub struct S3Server {
    pub addr: SocketAddr,
    pub root: tempfile::TempDir,
    fault: Arc<Mutex<Fault>>,
    seen: Arc<Mutex<Vec<Seen>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl S3Server {
    /// `http://localhost:<port>`: the service endpoint, without the bucket.
    pub fn endpoint(&self) -> String {
        format!("http://localhost:{}", self.addr.port())
    }

    pub fn set_fault(&self, fault: Fault) {
        *self.fault.lock().unwrap() = fault;
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// The bucket's directory.
    pub fn bucket_dir(&self) -> PathBuf {
        self.root.path().join(BUCKET)
    }

    /// Puts an object (as a partner placing files itself would).
    pub fn put(&self, key: &str, content: &[u8]) {
        let path = self.bucket_dir().join(key);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    /// Every object key in the bucket, sorted.
    pub fn keys(&self) -> Vec<String> {
        let mut keys = Vec::new();
        walk(&self.bucket_dir(), &self.bucket_dir(), &mut keys);
        keys.sort();
        keys
    }

    /// Multipart uploads' parts still on disk (s3s-fs keeps them beside the buckets until the
    /// upload completes or is aborted).
    pub fn pending_parts(&self) -> Vec<String> {
        std::fs::read_dir(self.root.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".upload_id-"))
            .collect()
    }
}

fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.is_dir() {
            walk(base, &path, out);
        } else {
            let name = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            // s3s-fs's own bookkeeping files start with a dot.
            if !entry.file_name().to_string_lossy().starts_with('.') {
                out.push(name);
            }
        }
    }
}

fn error_body(status: u16) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>Injected{status}</Code>\
         <Message>injected by the test</Message></Error>"
    )
}

/// Starts the server on 127.0.0.1 with the bucket [`BUCKET`], accepting `access_key`/`secret_key`.
pub async fn s3_server(access_key: &str, secret_key: &str) -> S3Server {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join(BUCKET)).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let fs = s3s_fs::FileSystem::new(root.path()).unwrap();
    let mut builder = S3ServiceBuilder::new(fs);
    builder.set_auth(SimpleAuth::from_single(access_key, secret_key));
    builder.set_host(SingleDomain::new(&format!("localhost:{}", addr.port())).unwrap());
    let service = builder.build();
    let fault = Arc::new(Mutex::new(Fault::None));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (f, s) = (fault.clone(), seen.clone());
    let task = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let (service, fault, seen) = (service.clone(), f.clone(), s.clone());
            tokio::spawn(async move {
                let handler = hyper::service::service_fn(move |req: http::Request<Incoming>| {
                    let (service, fault, seen) = (service.clone(), fault.clone(), seen.clone());
                    async move {
                        let host = req
                            .headers()
                            .get(http::header::HOST)
                            .and_then(|h| h.to_str().ok())
                            .unwrap_or_default()
                            .to_string();
                        seen.lock().unwrap().push(Seen {
                            method: req.method().to_string(),
                            host,
                            path: req.uri().path().to_string(),
                        });
                        let now = *fault.lock().unwrap();
                        match now {
                            Fault::Status(status) => {
                                return Ok::<_, std::convert::Infallible>(
                                    http::Response::builder()
                                        .status(status)
                                        .header("content-type", "application/xml")
                                        .body(Body::from(error_body(status)))
                                        .unwrap(),
                                );
                            }
                            Fault::Slow(delay) => tokio::time::sleep(delay).await,
                            Fault::None => {}
                        }
                        let answer = match service.call(req.map(s3s::Body::from)).await {
                            Ok(r) => r.map(Body::new),
                            Err(e) => http::Response::builder()
                                .status(500)
                                .body(Body::from(format!("{e:?}")))
                                .unwrap(),
                        };
                        Ok(answer)
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), handler)
                    .await;
            });
        }
    });
    S3Server {
        addr,
        root,
        fault,
        seen,
        task,
    }
}
