//! The documented rules, one function per rule, free of any input format.
//!
//! Each function answers for one value; the per-operation validators in [`crate::validate`] call
//! them with the wire path so the same rule serves loose form input and typed values.

pub mod account;
pub mod attachments;
pub mod country;
pub mod length_and_letters;
pub mod limits;
