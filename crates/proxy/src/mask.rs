//! Masking of personal data for logs: identity numbers, names, e-mail addresses and mobile
//! numbers. The one place the proxy decides what a log line may show of a request.

use hwc_kyc::json::Value;
use hwc_kyc::Operation;

const STAR: char = '*';

/// Masks an identity or certificate number: the first six and last four characters stay when
/// the number is long enough, fewer for short ones, and a number of four characters or less is
/// all stars.
///
/// ```
/// use hwc_kyc_proxy::mask::mask_number;
/// assert_eq!(mask_number("371812199001018888"), "371812********8888");
/// assert_eq!(mask_number("91110000"), "91****00");
/// assert_eq!(mask_number("1234"), "****");
/// ```
pub fn mask_number(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    if n <= 4 {
        return STAR.to_string().repeat(n);
    }
    let head = (n / 3).min(6);
    let tail = (n / 4).min(4);
    let mut out: String = chars[..head].iter().collect();
    out.extend(std::iter::repeat(STAR).take(n - head - tail));
    out.extend(&chars[n - tail..]);
    out
}

/// Masks a person's name: the first character stays, every other character is a star.
///
/// ```
/// use hwc_kyc_proxy::mask::mask_name;
/// assert_eq!(mask_name("wangmoumou"), "w*********");
/// assert_eq!(mask_name("王小明"), "王**");
/// assert_eq!(mask_name(""), "");
/// ```
pub fn mask_name(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        None => String::new(),
        Some(first) => std::iter::once(first).chain(chars.map(|_| STAR)).collect(),
    }
}

/// Masks an e-mail address: the first character of the local part and the domain stay.
///
/// ```
/// use hwc_kyc_proxy::mask::mask_email;
/// assert_eq!(mask_email("jane.doe@example.com"), "j*******@example.com");
/// assert_eq!(mask_email("not-an-address"), "n*************");
/// ```
pub fn mask_email(s: &str) -> String {
    match s.rsplit_once('@') {
        Some((local, domain)) => format!("{}@{domain}", mask_name(local)),
        None => mask_name(s),
    }
}

/// Masks a mobile number `00CC-NNNN…`: only the country code stays; every character of the
/// subscriber number is a star (a number without a country code is all stars).
///
/// ```
/// use hwc_kyc_proxy::mask::mask_mobile;
/// assert_eq!(mask_mobile("0086-13812345678"), "0086-***********");
/// assert_eq!(mask_mobile("13812345678"), "***********");
/// ```
pub fn mask_mobile(s: &str) -> String {
    let stars = |t: &str| STAR.to_string().repeat(t.chars().count());
    match s.split_once('-') {
        Some((country, number)) => format!("{country}-{}", stars(number)),
        None => stars(s),
    }
}

/// How a field is masked.
#[derive(Clone, Copy)]
enum Mask {
    Number,
    Name,
}

/// The personal fields of each request body (wire names).
fn mask_of(key: &str) -> Option<Mask> {
    match key {
        "verified_number" | "legel_id_number" => Some(Mask::Number),
        "name" | "legel_name" => Some(Mask::Name),
        _ => None,
    }
}

fn masked(value: &Value, mask: Mask) -> Value {
    match (value, mask) {
        (Value::String(s), Mask::Number) => Value::String(mask_number(s)),
        (Value::String(s), Mask::Name) => Value::String(mask_name(s)),
        // A non-string in a personal field is invalid anyway; show only its type.
        (other, _) => Value::String(format!("<{}>", other.type_name())),
    }
}

fn mask_value(value: &Value) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| {
                    let v = match mask_of(k) {
                        Some(mask) => masked(v, mask),
                        None => mask_value(v),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(mask_value).collect()),
        other => other.clone(),
    }
}

/// A request body as JSON text for a log line, with identity numbers, names, and the e-mail,
/// mobile or account name of a check-identity masked.
///
/// ```
/// use hwc_kyc::{json::parse, Operation};
/// use hwc_kyc_proxy::mask::masked_request;
/// let body = parse(br#"{"customer_id":"c1","enterprise_person":
///     {"legel_name":"wangmoumou","legel_id_number":"371812199001018888"}}"#).unwrap();
/// assert_eq!(
///     masked_request(Operation::EnterpriseRealnameAuth, &body),
///     r#"{"customer_id":"c1","enterprise_person":{"legel_name":"w*********","legel_id_number":"371812********8888"}}"#
/// );
/// ```
pub fn masked_request(op: Operation, body: &Value) -> String {
    if op == Operation::CheckIdentity {
        let kind = body.get("search_type").and_then(Value::as_str);
        let Value::Object(members) = body else {
            return mask_value(body).to_json();
        };
        let members = members
            .iter()
            .map(|(k, v)| match (k.as_str(), v) {
                ("search_value", Value::String(s)) => {
                    let shown = match kind {
                        Some("email") => mask_email(s),
                        Some("mobile") => mask_mobile(s),
                        _ => mask_name(s),
                    };
                    (k.clone(), Value::String(shown))
                }
                _ => (k.clone(), mask_value(v)),
            })
            .collect();
        return Value::Object(members).to_json();
    }
    mask_value(body).to_json()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hwc_kyc::json::parse;

    #[test]
    fn masks_the_documented_example_number() {
        assert_eq!(mask_number("371812199001018888"), "371812********8888");
    }

    #[test]
    fn masking_keeps_the_length_and_never_shows_the_middle() {
        for s in [
            "123456789012",
            "ABCDEFGH",
            "12345",
            "9494949494949494949494949494",
        ] {
            let m = mask_number(s);
            assert_eq!(m.chars().count(), s.chars().count(), "{s}");
            assert!(m.contains('*'), "{s}");
            assert_ne!(m, s);
        }
    }

    #[test]
    fn individual_bodies_mask_name_and_number_only() {
        let body = parse(
            br#"{"customer_id":"cust-1","name":"Wang Xiaoming","verified_number":"371812199001018888",
                 "verified_file_url":["a/front.jpg"]}"#,
        )
        .unwrap();
        let line = masked_request(Operation::IndividualRealnameAuth, &body);
        assert!(!line.contains("Wang Xiaoming") && !line.contains("371812199001018888"));
        assert!(line.contains("cust-1") && line.contains("a/front.jpg"));
        assert!(line.contains("371812********8888") && line.contains("W************"));
    }

    #[test]
    fn check_identity_masks_the_searched_value_by_type() {
        let email = parse(br#"{"search_type":"email","search_value":"jane@example.com"}"#).unwrap();
        assert!(masked_request(Operation::CheckIdentity, &email).contains("j***@example.com"));
        let mobile =
            parse(br#"{"search_type":"mobile","search_value":"0086-13812345678"}"#).unwrap();
        let line = masked_request(Operation::CheckIdentity, &mobile);
        assert!(line.contains("0086-***********"), "{line}");
        assert!(!line.contains("138") && !line.contains("5678"), "{line}");
    }

    #[test]
    fn non_string_personal_fields_show_only_their_type() {
        let body = parse(br#"{"name":{"first":"Jane"}}"#).unwrap();
        let line = masked_request(Operation::IndividualRealnameAuth, &body);
        assert_eq!(line, r#"{"name":"<object>"}"#);
    }
}
