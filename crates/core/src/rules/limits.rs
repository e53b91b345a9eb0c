//! Every documented limit, in one place.

/// `search_value`: "A maximum of 64 characters".
pub const SEARCH_VALUE_MAX: usize = 64;
/// `customer_id`: 64.
pub const CUSTOMER_ID_MAX: usize = 64;
/// Individual `name`: 255.
pub const NAME_MAX: usize = 255;
/// `verified_number`: 32.
pub const VERIFIED_NUMBER_MAX: usize = 32;
/// `xaccount_type`: 64.
pub const XACCOUNT_TYPE_MAX: usize = 64;
/// `corp_name`: 255.
pub const CORP_NAME_MAX: usize = 255;
/// `reg_country`: 10 (and in practice two letters).
pub const REG_COUNTRY_MAX: usize = 10;
/// `reg_address`: 256.
pub const REG_ADDRESS_MAX: usize = 256;
/// `legel_name`: 255.
pub const LEGEL_NAME_MAX: usize = 255;
/// `legel_id_number`: 32.
pub const LEGEL_ID_NUMBER_MAX: usize = 32;
/// `certifier_role`: 32.
pub const CERTIFIER_ROLE_MAX: usize = 32;
/// `verified_file_url`: "A maximum of 4" entries (api-docs/README.md decision).
pub const ATTACHMENTS_MAX: usize = 4;
/// `verified_file_url`: at least one entry.
pub const ATTACHMENTS_MIN: usize = 1;
/// Enterprise certificate attachments (front, back) before the legal person's.
pub const ENTERPRISE_CERTIFICATE_ATTACHMENTS_MAX: usize = 2;
/// Account names: 5 to 32 characters.
pub const ACCOUNT_NAME_MIN: usize = 5;
/// Account names: 5 to 32 characters.
pub const ACCOUNT_NAME_MAX: usize = 32;
/// Largest attachment file: 10 MB (10 × 1024 × 1024 bytes).
pub const ATTACHMENT_FILE_MAX_BYTES: usize = 10 * 1024 * 1024;
