//! The HTTP/1.1 server loop: at most `max_connections` connections served at once (more wait in a
//! 1024-deep listen backlog, and one per worker accepted, waiting for a free slot), at most `max_per_client` of them from one client address (an IPv6
//! /64; trusted reverse proxies exempt: one more is closed as soon as it is accepted), a caller that does not send a request's headers within
//! `header_read_timeout` is disconnected, and a graceful stop that lets requests in flight finish.
//!
//! Written out for what `axum::serve` (axum 0.8) cannot do: it gives hyper no timer, so hyper's
//! header read timeout never fires and a client that never finishes its headers holds a
//! connection (and a task) forever; and it has no limit on connections at once, overall or per
//! address (tower's concurrency limits count requests, not connections). Everything else
//! (routing, the layers, the handlers) is plain axum.

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use ipnet::IpNet;
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::{oneshot, watch, Semaphore};
use tower::ServiceExt;

/// Connections the kernel completes and queues while every `max_connections` slot is taken (the
/// listen backlog). Tokio's and the standard library's default, 128, makes a burst of callers
/// beyond `max_connections + 128` wait for SYN retransmissions (seconds).
const BACKLOG: u32 = 1024;

/// A listener on `addr` with a [`BACKLOG`]-deep accept queue, registered with the current
/// runtime. `shared`: one of several sockets on the same address (`SO_REUSEPORT`, one per
/// worker; the kernel spreads new connections over them, and only sockets of the same user can
/// join).
pub(crate) fn bind(addr: SocketAddr, shared: bool) -> io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    // Restart on the same port without waiting for old connections' TIME_WAIT.
    socket.set_reuseaddr(true)?;
    if shared {
        #[cfg(unix)]
        socket.set_reuseport(true)?;
        #[cfg(not(unix))]
        return Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "workers > 1 needs SO_REUSEPORT (Linux, macOS, the BSDs): set workers = 1",
        ));
    }
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// How connections are served.
#[derive(Debug, Clone)]
pub(crate) struct ConnectionLimits {
    /// Connections served at once.
    pub max_connections: usize,
    /// Connections at once from one client address ([`crate::client_key::limit_key`]).
    pub max_per_client: usize,
    /// Peers without the per-client limit (the trusted reverse proxies, which carry many clients).
    pub exempt: Arc<[IpNet]>,
    /// Time to send a request's headers (also how long an idle keep-alive connection is kept).
    pub header_read_timeout: Duration,
}

type Counts = Arc<Mutex<HashMap<IpAddr, usize>>>;

/// The connection limits and what counts against them, shared by every worker serving the same
/// listener (cloning shares the counts).
#[derive(Clone)]
pub(crate) struct Gate {
    limits: ConnectionLimits,
    permits: Arc<Semaphore>,
    counts: Counts,
}

impl Gate {
    pub(crate) fn new(limits: ConnectionLimits) -> Self {
        Gate {
            permits: Arc::new(Semaphore::new(limits.max_connections.max(1))),
            counts: Counts::default(),
            limits,
        }
    }
}

/// One connection of a client, counted until dropped.
struct ClientSlot {
    counts: Counts,
    key: IpAddr,
}

impl ClientSlot {
    /// A slot for `peer`, unless it already holds `max` connections.
    fn take(counts: &Counts, peer: IpAddr, max: usize) -> Option<ClientSlot> {
        let key = crate::client_key::limit_key(peer);
        let mut map = counts.lock().unwrap_or_else(PoisonError::into_inner);
        let n = map.entry(key).or_insert(0);
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(ClientSlot {
            counts: counts.clone(),
            key,
        })
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut map = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(n) = map.get_mut(&self.key) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                map.remove(&self.key);
            }
        }
    }
}

/// Serves `app` on `listener` until `stop` fires (or its sender is dropped), then stops
/// accepting, lets every connection finish its request in flight, and returns. Several workers
/// may serve clones of one listener with clones of one [`Gate`]: the limits hold for them all.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    gate: Gate,
    mut stop: oneshot::Receiver<()>,
) -> io::Result<()> {
    let Gate {
        limits,
        permits,
        counts,
    } = gate;
    let header_read_timeout = limits.header_read_timeout;
    // Connections watch `stopping`; the loop waits until every connection dropped its receiver.
    let (stopping, watching) = watch::channel(false);
    loop {
        // Accept, then wait for a free slot: a worker waits only with a connection in hand, so
        // with several workers (one accept queue each) a freed slot never goes to a worker whose
        // queue is empty while another's caller waits. Each worker holds at most one accepted
        // connection beyond `max_connections`; the rest wait in the listen backlog.
        let (stream, remote) = tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, or a connection aborted before it was accepted:
                    // back off instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
        };
        let permit = tokio::select! {
            _ = &mut stop => break,
            permit = permits.clone().acquire_owned() => match permit {
                Ok(p) => p,
                // The semaphore is never closed; stop rather than spin if it were.
                Err(_) => break,
            },
        };
        let peer = remote.ip().to_canonical();
        let client_slot = if limits.exempt.iter().any(|net| net.contains(&peer)) {
            None
        } else {
            match ClientSlot::take(&counts, peer, limits.max_per_client.max(1)) {
                Some(slot) => Some(slot),
                None => {
                    // Closed at once, its permit freed: the flood's connections never hold a task.
                    tracing::debug!(%peer, "connection refused: too many from this client");
                    drop(stream);
                    continue;
                }
            }
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let mut watching = watching.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let _client_slot = client_slot;
            let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
                req.extensions_mut()
                    .insert(ConnectInfo::<SocketAddr>(remote));
                app.clone().oneshot(req.map(Body::new))
            });
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_read_timeout);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            let finished = tokio::select! {
                _ = connection.as_mut() => true,
                _ = watching.wait_for(|stop| *stop) => false,
            };
            if !finished {
                connection.as_mut().graceful_shutdown();
                let _ = connection.await;
            }
            // `watching` lives until here, so the server's stop waits for this connection.
            drop(watching);
        });
    }
    drop(listener);
    let _ = stopping.send(true);
    drop(watching);
    stopping.closed().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    fn limits() -> ConnectionLimits {
        ConnectionLimits {
            max_connections: 8,
            max_per_client: 8,
            exempt: Arc::new([]),
            header_read_timeout: Duration::from_secs(10),
        }
    }

    #[tokio::test]
    async fn a_stop_lets_the_request_in_flight_finish_then_refuses_connections() {
        let listener = bind(SocketAddr::from(([127, 0, 0, 1], 0)), false).expect("bind");
        let addr = listener.local_addr().expect("addr");
        let started = Arc::new(tokio::sync::Notify::new());
        let handler_started = started.clone();
        let app = Router::new().route(
            "/slow",
            get(move || async move {
                handler_started.notify_one();
                tokio::time::sleep(Duration::from_millis(300)).await;
                "done"
            }),
        );
        let (stop, stopped) = oneshot::channel();
        let server = tokio::spawn(serve(listener, app, Gate::new(limits()), stopped));
        let mut client = TcpStream::connect(addr).await.expect("connect");
        client
            .write_all(b"GET /slow HTTP/1.1\r\nhost: x\r\n\r\n")
            .await
            .expect("write");
        // The request is in flight when the stop comes.
        started.notified().await;
        stop.send(()).expect("server running");
        let mut answer = Vec::new();
        tokio::time::timeout(Duration::from_secs(10), client.read_to_end(&mut answer))
            .await
            .expect("the connection ends after its answer")
            .expect("read");
        let text = String::from_utf8_lossy(&answer);
        assert!(text.starts_with("HTTP/1.1 200"), "{text}");
        assert!(text.ends_with("done"), "{text}");
        tokio::time::timeout(Duration::from_secs(10), server)
            .await
            .expect("the server returns once its connections are done")
            .expect("task")
            .expect("served");
        assert!(
            TcpStream::connect(addr).await.is_err(),
            "no longer listening"
        );
    }

    #[tokio::test]
    async fn the_peer_address_reaches_handlers_as_connect_info() {
        let listener = bind(SocketAddr::from(([127, 0, 0, 1], 0)), false).expect("bind");
        let addr = listener.local_addr().expect("addr");
        let app = Router::new().route(
            "/peer",
            get(|ConnectInfo(peer): ConnectInfo<SocketAddr>| async move { peer.to_string() }),
        );
        let (_stop, stopped) = oneshot::channel();
        tokio::spawn(serve(listener, app, Gate::new(limits()), stopped));
        let mut client = TcpStream::connect(addr).await.expect("connect");
        let local = client.local_addr().expect("local");
        client
            .write_all(b"GET /peer HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
            .await
            .expect("write");
        let mut answer = Vec::new();
        client.read_to_end(&mut answer).await.expect("read");
        let text = String::from_utf8_lossy(&answer);
        assert!(text.ends_with(&local.to_string()), "{text}");
    }
}
