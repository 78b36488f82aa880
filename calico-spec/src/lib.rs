//! calico-spec: what a Calico networking spec means.
pub mod error;
pub mod limits;
pub mod model;
pub mod parse;
pub mod quantity;
pub mod schema;
pub mod yaml;

pub use error::{ErrorType, FieldError, ParseError, Warning};
pub use parse::{parse_bytes, parse_str, InputForm, ParsedSpec};
pub use quantity::Quantity;
pub use schema::json_schema;
