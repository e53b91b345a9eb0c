//! The models: request bodies and every closed value set, with the documented wire names.

pub mod borrowed;
pub mod emit;
mod enums;
mod requests;

pub use borrowed::*;
pub use enums::*;
pub use requests::*;
