// The one list of the JSON Schema keywords the parser's checker reads.
// `build.rs` includes this file (to refuse any other keyword when it
// translates the schemas into statics), and so do the library's tests
// (`schema::keywords`, to cut the schemas down and compare them), so the two
// cannot disagree.

/// The keywords the parser's checker reads (`parse.rs`); the embedded
/// schemas keep only these (descriptions are most of a schema's bytes).
/// A checker that reads another keyword must list it here, and `build.rs`
/// refuses to build until it translates every keyword listed.
pub(crate) const CHECKER_KEYWORDS: &[&str] = &[
    "type",
    "anyOf",
    "properties",
    "additionalProperties",
    "items",
    "required",
    "format",
    "minimum",
    "maximum",
    "pattern",
];
