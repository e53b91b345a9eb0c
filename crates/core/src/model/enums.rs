//! Every closed value set of the three APIs, serialized exactly as documented.

/// Declares a closed enum whose wire form is an integer.
macro_rules! int_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:expr),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every documented value, in the page's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The documented wire values, in the page's order.
            pub const WIRE_VALUES: &'static [i64] = &[$($value),+];

            /// The integer sent on the wire.
            pub const fn wire(self) -> i64 {
                match self { $($name::$variant => $value),+ }
            }

            /// The variant for a wire integer, or `None` when it is not documented.
            pub fn from_wire(value: i64) -> Option<Self> {
                match value { $(v if v == $value => Some($name::$variant),)+ _ => None }
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_i64(self.wire())
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let v = <i64 as serde::Deserialize>::deserialize(d)?;
                $name::from_wire(v).ok_or_else(|| {
                    serde::de::Error::custom(format_args!(
                        "{} is not one of {:?}", v, $name::WIRE_VALUES
                    ))
                })
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::Integer)
                    .enum_values(Some($name::WIRE_VALUES.iter().copied()))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}

/// Declares a closed enum whose wire form is a string.
macro_rules! str_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:expr),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every documented value, in the page's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The documented wire values, in the page's order.
            pub const WIRE_VALUES: &'static [&'static str] = &[$($value),+];

            /// The string sent on the wire.
            pub const fn wire(self) -> &'static str {
                match self { $($name::$variant => $value),+ }
            }

            /// The variant for a wire string (exact, case-sensitive), or `None`.
            pub fn from_wire(value: &str) -> Option<Self> {
                match value { $($value => Some($name::$variant),)+ _ => None }
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.wire())
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let v = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                $name::from_wire(&v).ok_or_else(|| {
                    serde::de::Error::custom(format_args!(
                        "{:?} is not one of {:?}", v, $name::WIRE_VALUES
                    ))
                })
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some($name::WIRE_VALUES.iter().copied()))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}

str_enum! {
    /// `search_type` of check-identity: what `search_value` holds.
    SearchType {
        /// An e-mail address.
        Email = "email",
        /// A mobile number, `00XX-XXXXXXXX`.
        Mobile = "mobile",
        /// An account name.
        Name = "name",
    }
}

int_enum! {
    /// `identify_type`: individual (0) or enterprise (1) certificate authentication.
    IdentifyType {
        /// 0: using the individual certificate.
        Individual = 0,
        /// 1: using the enterprise's certificate scanned copy.
        Enterprise = 1,
    }
}

int_enum! {
    /// Individual `verified_type`: the certificate shown. 0 (ID card) is the one the page's own
    /// example uses; the page lists the others (decision in api-docs/README.md).
    VerifiedType {
        /// 0: ID card (front, back, holding it).
        IdCard = 0,
        /// 3: passport (profile page, holding it).
        Passport = 3,
        /// 5: Exit-Entry Permit for Hong Kong and Macao (front, back, holding it).
        HongKongMacaoExitEntryPermit = 5,
        /// 6: Mainland Travel Permit for Taiwan Residents (front, back, holding it).
        TaiwanMainlandTravelPermit = 6,
        /// 7: international driver license (front, holding it).
        InternationalDriverLicense = 7,
        /// 9: Residence Permit for Hong Kong and Macao Residents (profile, emblem, holding it).
        HongKongMacaoResidencePermit = 9,
        /// 10: Residence Permit for Taiwan Residents (profile, emblem, holding it).
        TaiwanResidencePermit = 10,
    }
}

impl VerifiedType {
    /// How many attachments this certificate type needs (api-docs/README.md, "Decisions").
    ///
    /// ```
    /// use hwc_kyc::model::VerifiedType;
    /// assert_eq!(VerifiedType::Passport.attachments(), 2);
    /// assert_eq!(VerifiedType::IdCard.attachments(), 3);
    /// ```
    pub const fn attachments(self) -> usize {
        match self {
            VerifiedType::Passport | VerifiedType::InternationalDriverLicense => 2,
            _ => 3,
        }
    }
}

int_enum! {
    /// Enterprise `certificate_type`.
    CertificateType {
        /// 0: enterprise's business license.
        BusinessLicense = 0,
        /// 1: legal entity certificate.
        LegalEntityCertificate = 1,
        /// 2: legal entity registration certificate.
        LegalEntityRegistrationCertificate = 2,
        /// 3: administrative law enforcement subject certificate.
        AdministrativeLawEnforcementCertificate = 3,
        /// 4: organization code certificate.
        OrganizationCodeCertificate = 4,
        /// 99: others.
        Other = 99,
    }
}

int_enum! {
    /// Individual `change_type`.
    ChangeType {
        /// -1: first-time real-name authentication.
        FirstTime = -1,
    }
}

str_enum! {
    /// `enterprise_person.certifier_role`.
    CertifierRole {
        /// `legalPerson`: legal representative.
        LegalPerson = "legalPerson",
    }
}

str_enum! {
    /// `check_result` of a check-identity answer.
    CheckResult {
        /// The name, mobile number or e-mail address can be registered.
        Available = "available",
        /// It is already in use.
        UsedByUser = "used_by_user",
    }
}

int_enum! {
    /// `review_result` of the review-result query.
    ReviewResult {
        /// 0: under review.
        UnderReview = 0,
        /// 1: failed.
        Failed = 1,
        /// 2: approved.
        Approved = 2,
    }
}
