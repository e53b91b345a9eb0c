//! Fault injection: latency, 5xx answers, malformed or truncated bodies, a wrong content type,
//! dropped and reset connections, so that the proxy's and the client's failure paths can be
//! tested.
//!
//! A fault is written as a comma-separated list, in [`SimConfig::fault`](crate::SimConfig) or
//! per request in the `X-Sim-Fault` header (which then replaces the configured one; `none`
//! disables it):
//!
//! | item | effect |
//! |---|---|
//! | `latency=MS` | wait MS milliseconds before answering (combines with the others) |
//! | `status=5XX` | answer that status with a `CBC.0999` body instead of processing the request |
//! | `garbage` | answer an HTML page, labelled `application/json` (`text/html` with `content-type`); status 200, or `status=` |
//! | `truncate` | process the request, then send only half of the body and close the connection |
//! | `truncate-json` | process the request, then answer only the first half of its JSON, complete at the HTTP level |
//! | `content-type` | process the request, then label the answer `text/html` |
//! | `drop` | close the connection without answering (needs [`Simulator::spawn`](crate::Simulator::spawn)) |
//! | `reset` | reset the connection (TCP RST) without answering; with `truncate`, after half the body (needs [`Simulator::spawn`](crate::Simulator::spawn)) |

use std::str::FromStr;
use std::time::Duration;

/// Header that selects a fault for one request.
pub const FAULT_HEADER: &str = "x-sim-fault";

/// A fault to inject. The default is no fault.
///
/// ```
/// use hwc_kyc_sim::Fault;
/// use std::time::Duration;
///
/// let fault: Fault = "latency=250, status=503".parse().unwrap();
/// assert_eq!(fault.latency, Some(Duration::from_millis(250)));
/// assert_eq!(fault.status, Some(503));
/// assert!("status=200".parse::<Fault>().is_err());
/// assert!("none".parse::<Fault>().unwrap().is_none());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fault {
    /// Wait this long before answering.
    pub latency: Option<Duration>,
    /// Answer this 5xx status without processing the request.
    pub status: Option<u16>,
    /// Answer a body that is not JSON.
    pub garbage: bool,
    /// Send half the body, then close the connection.
    pub truncate: bool,
    /// Answer the first half of the JSON body, with a matching `Content-Length`.
    pub truncate_json: bool,
    /// Label the answer `text/html`.
    pub wrong_content_type: bool,
    /// Close the connection without an answer.
    pub drop: bool,
    /// Reset the connection (TCP RST): without an answer, or after half the body with
    /// `truncate`.
    pub reset: bool,
}

impl Fault {
    /// True when this fault changes nothing.
    pub fn is_none(&self) -> bool {
        *self == Fault::default()
    }

    /// A fault that only waits.
    ///
    /// ```
    /// let f = hwc_kyc_sim::Fault::latency(std::time::Duration::from_millis(5));
    /// assert_eq!(f.to_string(), "latency=5");
    /// ```
    pub fn latency(d: Duration) -> Self {
        Fault {
            latency: Some(d),
            ..Fault::default()
        }
    }

    /// A fault that answers `status` (500–599).
    pub fn status(status: u16) -> Self {
        Fault {
            status: Some(status),
            ..Fault::default()
        }
    }
}

/// Why a fault description was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FaultParseError {
    /// An item that is none of the documented ones.
    #[error("unknown fault item `{0}` (expected latency=MS, status=5XX, garbage, truncate, truncate-json, content-type, drop, reset or none)")]
    UnknownItem(String),
    /// `latency=` without a whole number of milliseconds.
    #[error("`latency` needs a whole number of milliseconds, got `{0}`")]
    BadLatency(String),
    /// `status=` outside 500–599.
    #[error("`status` must be 500 to 599, got `{0}`")]
    BadStatus(String),
}

impl FromStr for Fault {
    type Err = FaultParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut fault = Fault::default();
        for item in s.split([',', ';']).map(str::trim).filter(|i| !i.is_empty()) {
            let (key, value) = item.split_once('=').unwrap_or((item, ""));
            match (key.trim().to_ascii_lowercase().as_str(), value.trim()) {
                ("none", "") => {}
                ("latency", ms) => {
                    let ms: u64 = ms
                        .parse()
                        .map_err(|_| FaultParseError::BadLatency(ms.into()))?;
                    fault.latency = Some(Duration::from_millis(ms));
                }
                ("status", st) => match st.parse::<u16>() {
                    Ok(code @ 500..=599) => fault.status = Some(code),
                    _ => return Err(FaultParseError::BadStatus(st.into())),
                },
                ("garbage", "") => fault.garbage = true,
                ("truncate", "") => fault.truncate = true,
                ("truncate-json", "") => fault.truncate_json = true,
                ("content-type", "") => fault.wrong_content_type = true,
                ("drop", "") => fault.drop = true,
                ("reset", "") => fault.reset = true,
                _ => return Err(FaultParseError::UnknownItem(item.into())),
            }
        }
        Ok(fault)
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut items: Vec<String> = Vec::new();
        if let Some(d) = self.latency {
            items.push(format!("latency={}", d.as_millis()));
        }
        if let Some(s) = self.status {
            items.push(format!("status={s}"));
        }
        for (on, name) in [
            (self.garbage, "garbage"),
            (self.truncate, "truncate"),
            (self.truncate_json, "truncate-json"),
            (self.wrong_content_type, "content-type"),
            (self.drop, "drop"),
            (self.reset, "reset"),
        ] {
            if on {
                items.push(name.into());
            }
        }
        if items.is_empty() {
            f.write_str("none")
        } else {
            f.write_str(&items.join(","))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_item_and_round_trips() {
        let f: Fault =
            "latency=10,status=502,garbage,truncate,truncate-json,content-type,drop,reset"
                .parse()
                .unwrap();
        assert_eq!(f.latency, Some(Duration::from_millis(10)));
        assert_eq!(f.status, Some(502));
        assert!(f.garbage && f.truncate && f.wrong_content_type && f.drop);
        assert!(f.truncate_json && f.reset);
        assert_eq!(f.to_string().parse::<Fault>().unwrap(), f);
    }

    #[test]
    fn refuses_unknown_items_and_bad_values() {
        assert_eq!(
            "explode".parse::<Fault>(),
            Err(FaultParseError::UnknownItem("explode".into()))
        );
        assert!(matches!(
            "latency=soon".parse::<Fault>(),
            Err(FaultParseError::BadLatency(_))
        ));
        assert!(matches!(
            "status=404".parse::<Fault>(),
            Err(FaultParseError::BadStatus(_))
        ));
        assert!(matches!(
            "garbage=1".parse::<Fault>(),
            Err(FaultParseError::UnknownItem(_))
        ));
    }

    #[test]
    fn none_and_empty_are_no_fault() {
        assert!("none".parse::<Fault>().unwrap().is_none());
        assert!("".parse::<Fault>().unwrap().is_none());
        assert_eq!(Fault::default().to_string(), "none");
    }
}
