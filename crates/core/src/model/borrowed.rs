//! The request models borrowed: what the rules produce, each text a slice of the input they read
//! (no copy), and the one listing of each model's fields in the documented order
//! ([`super::emit::Sink`]). The owned models ([`super::requests`]) are what validation returns to
//! Rust callers ([`Self::to_owned`](CheckIdentityRef::to_owned)) and are written through their
//! borrowed view (`borrowed()`); the npm package writes its answer straight from the borrowed
//! value, so a valid form's texts are never copied ([`crate::validate_node_ref`]).

use super::emit::Sink;
use super::enums::*;
use super::requests::*;

/// [`CheckIdentity`], borrowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckIdentityRef<'a> {
    /// What `search_value` holds.
    pub search_type: SearchType,
    /// The e-mail address, mobile number or account name.
    pub search_value: &'a str,
}

/// [`IndividualRealnameAuth`], borrowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndividualRealnameAuthRef<'a> {
    /// Customer account ID.
    pub customer_id: &'a str,
    /// Always [`IdentifyType::Individual`].
    pub identify_type: IdentifyType,
    /// Attachment paths.
    pub verified_file_url: Vec<&'a str>,
    /// Name.
    pub name: &'a str,
    /// Certificate number.
    pub verified_number: &'a str,
    /// The partner's platform ID.
    pub xaccount_type: Option<&'a str>,
    /// Certificate type.
    pub verified_type: Option<VerifiedType>,
    /// Change type.
    pub change_type: Option<ChangeType>,
}

/// [`EnterpriseRealnameAuth`], borrowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnterpriseRealnameAuthRef<'a> {
    /// Customer account ID.
    pub customer_id: &'a str,
    /// Always [`IdentifyType::Enterprise`].
    pub identify_type: IdentifyType,
    /// Attachment paths.
    pub verified_file_url: Vec<&'a str>,
    /// Organization name.
    pub corp_name: &'a str,
    /// Enterprise certificate number.
    pub verified_number: &'a str,
    /// The partner's platform ID.
    pub xaccount_type: Option<&'a str>,
    /// Enterprise certificate type.
    pub certificate_type: Option<CertificateType>,
    /// Country of registration.
    pub reg_country: Option<&'a str>,
    /// Registration address.
    pub reg_address: Option<&'a str>,
    /// The legal person.
    pub enterprise_person: Option<EnterprisePersonRef<'a>>,
}

/// [`EnterprisePerson`], borrowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnterprisePersonRef<'a> {
    /// Legal entity name.
    pub legel_name: &'a str,
    /// Legal entity card ID.
    pub legel_id_number: &'a str,
    /// Role.
    pub certifier_role: Option<CertifierRole>,
}

/// [`ReviewResultQuery`], borrowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewResultQueryRef<'a> {
    /// Customer account ID.
    pub customer_id: &'a str,
}

/// Every key of the models, each once (what [`Sink`] is given): the npm package's answers name
/// them by their index here.
pub const FIELD_NAMES: &[&str] = &[
    "search_type",
    "search_value",
    "customer_id",
    "identify_type",
    "verified_file_url",
    "name",
    "verified_number",
    "xaccount_type",
    "verified_type",
    "change_type",
    "corp_name",
    "certificate_type",
    "reg_country",
    "reg_address",
    "enterprise_person",
    "legel_name",
    "legel_id_number",
    "certifier_role",
];

fn owned(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_string()).collect()
}

fn borrowed(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

impl CheckIdentityRef<'_> {
    /// The owned model.
    pub fn to_owned(&self) -> CheckIdentity {
        CheckIdentity {
            search_type: self.search_type,
            search_value: self.search_value.to_string(),
        }
    }

    /// Gives the fields to `s` in the documented order.
    pub fn emit<S: Sink>(&self, s: &mut S) {
        s.str("search_type", self.search_type.wire());
        s.str("search_value", self.search_value);
    }
}

impl CheckIdentity {
    /// This value borrowed.
    pub fn borrowed(&self) -> CheckIdentityRef<'_> {
        CheckIdentityRef {
            search_type: self.search_type,
            search_value: &self.search_value,
        }
    }
}

impl IndividualRealnameAuthRef<'_> {
    /// The owned model.
    pub fn to_owned(&self) -> IndividualRealnameAuth {
        IndividualRealnameAuth {
            customer_id: self.customer_id.to_string(),
            identify_type: self.identify_type,
            verified_file_url: owned(&self.verified_file_url),
            name: self.name.to_string(),
            verified_number: self.verified_number.to_string(),
            xaccount_type: self.xaccount_type.map(str::to_string),
            verified_type: self.verified_type,
            change_type: self.change_type,
        }
    }

    /// Gives the fields to `s` in the documented order.
    pub fn emit<S: Sink>(&self, s: &mut S) {
        s.str("customer_id", self.customer_id);
        s.int("identify_type", self.identify_type.wire());
        s.list("verified_file_url", &self.verified_file_url);
        s.str("name", self.name);
        s.str("verified_number", self.verified_number);
        s.opt_str("xaccount_type", self.xaccount_type);
        s.opt_int("verified_type", self.verified_type.map(VerifiedType::wire));
        s.opt_int("change_type", self.change_type.map(ChangeType::wire));
    }
}

impl IndividualRealnameAuth {
    /// This value borrowed.
    pub fn borrowed(&self) -> IndividualRealnameAuthRef<'_> {
        IndividualRealnameAuthRef {
            customer_id: &self.customer_id,
            identify_type: self.identify_type,
            verified_file_url: borrowed(&self.verified_file_url),
            name: &self.name,
            verified_number: &self.verified_number,
            xaccount_type: self.xaccount_type.as_deref(),
            verified_type: self.verified_type,
            change_type: self.change_type,
        }
    }
}

impl EnterprisePersonRef<'_> {
    /// The owned model.
    pub fn to_owned(&self) -> EnterprisePerson {
        EnterprisePerson {
            legel_name: self.legel_name.to_string(),
            legel_id_number: self.legel_id_number.to_string(),
            certifier_role: self.certifier_role,
        }
    }

    fn emit<S: Sink>(&self, s: &mut S) {
        s.str("legel_name", self.legel_name);
        s.str("legel_id_number", self.legel_id_number);
        s.opt_str(
            "certifier_role",
            self.certifier_role.map(CertifierRole::wire),
        );
    }
}

impl EnterprisePerson {
    /// This value borrowed.
    pub fn borrowed(&self) -> EnterprisePersonRef<'_> {
        EnterprisePersonRef {
            legel_name: &self.legel_name,
            legel_id_number: &self.legel_id_number,
            certifier_role: self.certifier_role,
        }
    }
}

impl EnterpriseRealnameAuthRef<'_> {
    /// The owned model.
    pub fn to_owned(&self) -> EnterpriseRealnameAuth {
        EnterpriseRealnameAuth {
            customer_id: self.customer_id.to_string(),
            identify_type: self.identify_type,
            verified_file_url: owned(&self.verified_file_url),
            corp_name: self.corp_name.to_string(),
            verified_number: self.verified_number.to_string(),
            xaccount_type: self.xaccount_type.map(str::to_string),
            certificate_type: self.certificate_type,
            reg_country: self.reg_country.map(str::to_string),
            reg_address: self.reg_address.map(str::to_string),
            enterprise_person: self.enterprise_person.as_ref().map(|p| p.to_owned()),
        }
    }

    /// Gives the fields to `s` in the documented order.
    pub fn emit<S: Sink>(&self, s: &mut S) {
        s.str("customer_id", self.customer_id);
        s.int("identify_type", self.identify_type.wire());
        s.list("verified_file_url", &self.verified_file_url);
        s.str("corp_name", self.corp_name);
        s.str("verified_number", self.verified_number);
        s.opt_str("xaccount_type", self.xaccount_type);
        s.opt_int(
            "certificate_type",
            self.certificate_type.map(CertificateType::wire),
        );
        s.opt_str("reg_country", self.reg_country);
        s.opt_str("reg_address", self.reg_address);
        if let Some(person) = &self.enterprise_person {
            s.object("enterprise_person", |s| person.emit(s));
        }
    }
}

impl EnterpriseRealnameAuth {
    /// This value borrowed.
    pub fn borrowed(&self) -> EnterpriseRealnameAuthRef<'_> {
        EnterpriseRealnameAuthRef {
            customer_id: &self.customer_id,
            identify_type: self.identify_type,
            verified_file_url: borrowed(&self.verified_file_url),
            corp_name: &self.corp_name,
            verified_number: &self.verified_number,
            xaccount_type: self.xaccount_type.as_deref(),
            certificate_type: self.certificate_type,
            reg_country: self.reg_country.as_deref(),
            reg_address: self.reg_address.as_deref(),
            enterprise_person: self
                .enterprise_person
                .as_ref()
                .map(EnterprisePerson::borrowed),
        }
    }
}

impl ReviewResultQueryRef<'_> {
    /// The owned model.
    pub fn to_owned(&self) -> ReviewResultQuery {
        ReviewResultQuery {
            customer_id: self.customer_id.to_string(),
        }
    }

    /// Gives the fields to `s` in the documented order.
    pub fn emit<S: Sink>(&self, s: &mut S) {
        s.str("customer_id", self.customer_id);
    }
}

impl ReviewResultQuery {
    /// This value borrowed.
    pub fn borrowed(&self) -> ReviewResultQueryRef<'_> {
        ReviewResultQueryRef {
            customer_id: &self.customer_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records the keys a model gives.
    struct Keys(Vec<&'static str>);

    impl Sink for Keys {
        fn str(&mut self, key: &'static str, _: &str) {
            self.0.push(key);
        }
        fn int(&mut self, key: &'static str, _: i64) {
            self.0.push(key);
        }
        fn list(&mut self, key: &'static str, _: &[&str]) {
            self.0.push(key);
        }
        fn object(&mut self, key: &'static str, fields: impl FnOnce(&mut Self)) {
            self.0.push(key);
            fields(self);
        }
    }

    #[test]
    fn field_names_are_every_key_of_the_models() {
        let mut keys = Keys(Vec::new());
        CheckIdentityRef {
            search_type: SearchType::Name,
            search_value: "",
        }
        .emit(&mut keys);
        IndividualRealnameAuthRef {
            customer_id: "",
            identify_type: IdentifyType::Individual,
            verified_file_url: Vec::new(),
            name: "",
            verified_number: "",
            xaccount_type: Some(""),
            verified_type: Some(VerifiedType::ALL[0]),
            change_type: Some(ChangeType::ALL[0]),
        }
        .emit(&mut keys);
        EnterpriseRealnameAuthRef {
            customer_id: "",
            identify_type: IdentifyType::Enterprise,
            verified_file_url: Vec::new(),
            corp_name: "",
            verified_number: "",
            xaccount_type: Some(""),
            certificate_type: Some(CertificateType::ALL[0]),
            reg_country: Some(""),
            reg_address: Some(""),
            enterprise_person: Some(EnterprisePersonRef {
                legel_name: "",
                legel_id_number: "",
                certifier_role: Some(CertifierRole::LegalPerson),
            }),
        }
        .emit(&mut keys);
        ReviewResultQueryRef { customer_id: "" }.emit(&mut keys);
        let mut keys = keys.0;
        keys.sort_unstable();
        keys.dedup();
        let mut names = FIELD_NAMES.to_vec();
        names.sort_unstable();
        assert_eq!(keys, names);
    }
}
