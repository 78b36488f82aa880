//! Pretty JSON from compact JSON text, without parsing it into values: the
//! layout of `serde_json::to_string_pretty` (two-space indents, `": "`,
//! empty arrays and objects as `[]` and `{}`), starting at any depth. The
//! JSON output writes the CRDs this way from their embedded compact text.

/// Appends `compact` (JSON as `serde_json::to_string` writes it: no
/// whitespace outside strings) to `out`, laid out as `to_string_pretty`
/// would lay it out `depth` levels deep (the first line is not indented).
pub(crate) fn pretty_into(out: &mut Vec<u8>, compact: &str, depth: usize) {
    let b = compact.as_bytes();
    let mut depth = depth;
    let mut i = 0;
    let newline = |out: &mut Vec<u8>, depth: usize| {
        out.push(b'\n');
        out.resize(out.len() + 2 * depth, b' ');
    };
    while i < b.len() {
        let c = b[i];
        match c {
            b'"' => {
                // A string, escapes included, copied as it is.
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(b.len());
                out.extend_from_slice(&b[start..i]);
                continue;
            }
            b'{' | b'[' => {
                out.push(c);
                let close = if c == b'{' { b'}' } else { b']' };
                if b.get(i + 1) == Some(&close) {
                    out.push(close);
                    i += 2;
                    continue;
                }
                depth += 1;
                newline(out, depth);
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(out, depth);
                out.push(c);
            }
            b',' => {
                out.push(b',');
                newline(out, depth);
            }
            b':' => out.extend_from_slice(b": "),
            _ => out.push(c),
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::{json, Value};

    fn pretty(v: &Value) -> String {
        let mut out = Vec::new();
        pretty_into(&mut out, &serde_json::to_string(v).unwrap(), 0);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn lays_out_json_as_serde_json_does() {
        for v in [
            json!(null),
            json!(1.5),
            json!("a \" , : { [ \\ \n é"),
            json!([]),
            json!({}),
            json!([[], {}, [[]], {"a": {}}]),
            json!({"a": [1, {"b": "c,d:e{f}[g]"}], "\"k\"": null, "e": [], "f": {"g": true}}),
            json!({"description": "x\u{1}y", "n": -0.0, "big": 1e300, "i": -12}),
        ] {
            assert_eq!(pretty(&v), serde_json::to_string_pretty(&v).unwrap(), "{v}");
        }
    }

    #[test]
    fn every_embedded_crd_is_laid_out_as_serde_json_does() {
        let minor = calico_spec::CalicoMinor::V3_31;
        for (i, value) in crate::crd::crd_values(minor).iter().enumerate() {
            let mut out = Vec::new();
            pretty_into(&mut out, crate::crd::crd_json(minor, i), 0);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string_pretty(value).unwrap()
            );
        }
    }

    #[test]
    fn a_deeper_start_indents_every_line_but_the_first() {
        let v = json!({"a": [1]});
        let mut out = Vec::new();
        pretty_into(&mut out, &serde_json::to_string(&v).unwrap(), 2);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\n      \"a\": [\n        1\n      ]\n    }"
        );
    }
}
