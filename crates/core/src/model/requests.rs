//! Request bodies, field names exactly as on the wire (`legel_name` included).
//!
//! These are the typed, normalized values that validation produces. Optional fields are `None`
//! when absent and are then left out of the body. Build one by hand in a Rust backend and pass it
//! to [`crate::Valid::new`], or get one from [`crate::validate`].

use super::emit::{JsonText, Sink, ValueTree};
use super::enums::*;
use crate::json::Value;

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// Body of `POST /v2/partners/sub-customers/users/check-identity`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckIdentity {
    /// What `search_value` holds.
    pub search_type: SearchType,
    /// The e-mail address, mobile number (`00XX-XXXXXXXX`) or account name; at most 64 characters.
    pub search_value: String,
}

/// Body of `POST /v2/customers/realname-auths/individual`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndividualRealnameAuth {
    /// Customer account ID, at most 64 characters.
    pub customer_id: String,
    /// Always [`IdentifyType::Individual`].
    pub identify_type: IdentifyType,
    /// Attachment paths relative to the bucket's `download/` directory; how many depends on
    /// `verified_type`.
    pub verified_file_url: Vec<String>,
    /// Name, at most 255 characters.
    pub name: String,
    /// Certificate number, at most 32 characters.
    pub verified_number: String,
    /// The partner's platform ID. Filled by the partner's backend; required upstream, so a value
    /// validated at [`crate::Stage::Form`] may leave it out.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub xaccount_type: Option<String>,
    /// Certificate type.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub verified_type: Option<VerifiedType>,
    /// Change type (only -1, first time).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub change_type: Option<ChangeType>,
}

/// Body of `POST /v2/customers/realname-auths/enterprise`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnterpriseRealnameAuth {
    /// Customer account ID, at most 64 characters.
    pub customer_id: String,
    /// Always [`IdentifyType::Enterprise`].
    pub identify_type: IdentifyType,
    /// Certificate front, certificate back, then (with `enterprise_person`) the legal person's ID
    /// card portrait side and emblem side.
    pub verified_file_url: Vec<String>,
    /// Organization name, at most 255 characters, with at least one letter.
    pub corp_name: String,
    /// Enterprise certificate number, at most 32 characters.
    pub verified_number: String,
    /// The partner's platform ID (see [`IndividualRealnameAuth::xaccount_type`]).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub xaccount_type: Option<String>,
    /// Enterprise certificate type.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub certificate_type: Option<CertificateType>,
    /// ISO 3166-1 alpha-2 country of registration, upper case.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub reg_country: Option<String>,
    /// Registration address, at most 256 characters.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub reg_address: Option<String>,
    /// The legal person.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub enterprise_person: Option<EnterprisePerson>,
}

/// `enterprise_person` of an enterprise real-name authentication.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnterprisePerson {
    /// Legal entity name, at most 255 characters (wire name misspelt as documented).
    pub legel_name: String,
    /// Legal entity card ID, at most 32 characters.
    pub legel_id_number: String,
    /// Role; only `legalPerson` is documented.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub certifier_role: Option<CertifierRole>,
}

/// The review-result query, `GET /v2/customers/realname-auths/result?customer_id=...`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ReviewResultQuery {
    /// Customer account ID, at most 64 characters.
    pub customer_id: String,
}

// Each model's fields are listed once, on its borrowed view (`super::borrowed`).
macro_rules! emit_borrowed {
    ($($ty:ty),+) => {$(
        impl $ty {
            pub(crate) fn emit<S: Sink>(&self, s: &mut S) {
                self.borrowed().emit(s)
            }
        }
    )+};
}

emit_borrowed!(
    CheckIdentity,
    IndividualRealnameAuth,
    EnterpriseRealnameAuth,
    ReviewResultQuery
);

macro_rules! json_forms {
    ($($ty:ty),+) => {$(
        impl $ty {
            /// This value as JSON: keys in the documented order, absent optional fields left
            /// out. It is the loose input that validation reads; the request body is the same
            /// document as text.
            pub fn to_value(&self) -> Value {
                ValueTree::build(|t| self.emit(t))
            }

            /// The JSON text of [`Self::to_value`], written straight from the fields.
            pub fn to_json(&self) -> String {
                JsonText::write(|t| self.emit(t))
            }
        }
    )+};
}

json_forms!(
    CheckIdentity,
    IndividualRealnameAuth,
    EnterpriseRealnameAuth,
    ReviewResultQuery
);
