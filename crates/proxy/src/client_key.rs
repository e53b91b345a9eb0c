//! The key a per-client limit counts against. One subscriber usually holds a whole IPv6 /64 and
//! can pick any of its 2^64 addresses for each request, so an IPv6 client is its /64 network; an
//! IPv4 client (also written as an IPv4-mapped IPv6 address) is its own address, /32. Used by the
//! rate limits; any other per-client limit (a shared store's included) should key by it too.

use std::net::{IpAddr, Ipv6Addr};

/// The /64 network of an IPv6 address (its low 64 bits cleared), or the IPv4 address itself.
///
/// ```
/// use hwc_kyc_proxy::client_key::limit_key;
/// let a = limit_key("2001:db8:1:2::1".parse().unwrap());
/// let b = limit_key("2001:db8:1:2:ffff::9".parse().unwrap());
/// assert_eq!(a, b);
/// assert_eq!(a.to_string(), "2001:db8:1:2::");
/// assert_ne!(a, limit_key("2001:db8:1:3::1".parse().unwrap()));
/// assert_eq!(limit_key("192.0.2.7".parse().unwrap()).to_string(), "192.0.2.7");
/// assert_eq!(limit_key("::ffff:192.0.2.7".parse().unwrap()).to_string(), "192.0.2.7");
/// ```
pub fn limit_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !u128::from(u64::MAX))),
        },
    }
}
