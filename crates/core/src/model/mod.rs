//! The models: request bodies and every closed value set, with the documented wire names.

pub mod emit;
mod enums;
mod requests;

pub use enums::*;
pub use requests::*;
