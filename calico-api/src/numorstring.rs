//! Calico's number-or-string values: ports and protocols.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

/// Schema of a Calico number-or-string: either form, with a catch-all pattern.
fn num_or_string() -> Schema {
    let mut schema = crate::schema::int_or_string();
    schema.insert("pattern".into(), "^.*".into());
    schema
}

/// A port: a number, a range written `"low:high"`, or a named port.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Port {
    /// A single port number.
    Number(u16),
    /// A range (`"8000:8080"`) or the name of a port.
    String(String),
}

impl JsonSchema for Port {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Port".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        num_or_string()
    }
}

/// An IP protocol: a name (`TCP`, `UDP`, `ICMP`, `SCTP`, ...) or a number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Protocol {
    /// Protocol number (0-255).
    Number(u8),
    /// Protocol name.
    Name(String),
}

impl JsonSchema for Protocol {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Protocol".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        num_or_string()
    }
}
