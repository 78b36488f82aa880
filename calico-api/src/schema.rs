//! Schema-only helper types.
//!
//! These types never hold data. Fields name them in `#[schemars(with = ...)]`
//! when the schema Kubernetes expects differs from what schemars derives for
//! the Rust type (for example a plain `integer` with no `format`).

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

/// An integer with no declared width: `{"type": "integer"}`.
pub(crate) struct Int;

impl JsonSchema for Int {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Int".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "integer" })
    }
}

/// An integer that may also be `null`: `{"type": "integer", "nullable": true}`.
pub(crate) struct NullableInt;

impl JsonSchema for NullableInt {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "NullableInt".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "integer", "nullable": true })
    }
}

/// The schema of an int-or-string value, without any pattern.
pub(crate) fn int_or_string() -> Schema {
    json_schema!({
        "anyOf": [{ "type": "integer" }, { "type": "string" }],
        "x-kubernetes-int-or-string": true
    })
}

/// Wraps a string enum `T` so its values are listed twice, under `allOf`.
///
/// A couple of Calico fields carry their enum in two `allOf` branches (two
/// validation markers on the same Go type); the schema keeps that shape.
/// Each branch is `T`'s own schema, release markers included; the
/// structural pass (`crd.rs`) reduces it to its `enum`.
pub(crate) struct DoubledEnum<T>(std::marker::PhantomData<T>);

impl<T: JsonSchema> JsonSchema for DoubledEnum<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        format!("DoubledEnum_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let inner = T::json_schema(generator);
        json_schema!({
            "type": "string",
            "allOf": [inner.clone(), inner]
        })
    }
}
