//! Schema-only helper types.
//!
//! These types never hold data. Fields name them in `#[schemars(with = ...)]`
//! when the schema Kubernetes expects differs from what schemars derives for
//! the Rust type (for example a plain `integer` with no `format`).

use std::borrow::Cow;
use std::marker::PhantomData;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::Value;

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

/// A release named by a type, for the schema-only wrappers below (their
/// release markers are the ones of the structural pass, `crd.rs`).
pub(crate) trait ReleaseName {
    /// The release, as a marker writes it.
    const NAME: &'static str;
}

/// Calico v3.32.0.
pub(crate) struct V3_32_0;

impl ReleaseName for V3_32_0 {
    const NAME: &'static str = "v3.32.0";
}

/// The schema of `T` with one marker added.
fn marked<T: JsonSchema>(generator: &mut SchemaGenerator, key: &str, value: Value) -> Schema {
    let mut schema = T::json_schema(generator);
    schema.insert(key.into(), value);
    schema
}

/// `T`'s schema, in the releases from `R` on (an `allOf` branch, say).
pub(crate) struct Since<R, T>(PhantomData<(R, T)>);

impl<R: ReleaseName, T: JsonSchema> JsonSchema for Since<R, T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        format!("Since_{}_{}", R::NAME, T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        marked::<T>(generator, "x-calico-since", R::NAME.into())
    }
}

/// `T`'s schema, in the releases before `R` only.
pub(crate) struct Until<R, T>(PhantomData<(R, T)>);

impl<R: ReleaseName, T: JsonSchema> JsonSchema for Until<R, T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        format!("Until_{}_{}", R::NAME, T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        marked::<T>(generator, "x-calico-until", R::NAME.into())
    }
}

/// A string checked against both string enums `A` and `B`, under `allOf`
/// (two validation markers on one Go field). A branch a release lacks
/// leaves the other one's plain `enum`.
pub(crate) struct AllOf<A, B>(PhantomData<(A, B)>);

impl<A: JsonSchema, B: JsonSchema> JsonSchema for AllOf<A, B> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        format!("AllOf_{}_{}", A::schema_name(), B::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "allOf": [A::json_schema(generator), B::json_schema(generator)]
        })
    }
}

/// A string enum `T` whose values are listed twice, under `allOf`.
///
/// A couple of Calico fields carry their enum in two `allOf` branches (two
/// validation markers on the same Go type); the schema keeps that shape.
pub(crate) type DoubledEnum<T> = AllOf<T, T>;

/// A string whose values are `T`'s from release `R` on, and any string
/// before (Calico turned many free strings into enums in 3.32).
///
/// The enum sits in an `allOf` branch of its own, so that a field may carry
/// `x-calico-before` patches of its own beside it; the one branch merges back
/// into the string's schema.
pub(crate) struct EnumFrom<R, T>(PhantomData<(R, T)>);

impl<R: ReleaseName, T: JsonSchema> JsonSchema for EnumFrom<R, T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        format!("EnumFrom_{}_{}", R::NAME, T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let values = marked::<T>(
            generator,
            "x-calico-before",
            serde_json::json!({ R::NAME: { "enum": null } }),
        );
        json_schema!({ "type": "string", "allOf": [values] })
    }
}
