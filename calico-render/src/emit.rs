//! A small block-style YAML writer for JSON values (used for the CRDs, which
//! come from `calico-api` as JSON values rather than from a template).
//!
//! Strings go through [`quote`]; keys are plain when that is unambiguous
//! ([`is_plain_key`]) and quoted otherwise. Map order is kept.

use crate::quote::{is_plain_key, quote};
use serde_json::{Number, Value};

/// `value` (a mapping) as a YAML document, without a `---` line.
pub(crate) fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    if is_nested(value) {
        node(&mut out, value, 0, false);
    } else {
        out.push_str(&scalar(value));
        out.push('\n');
    }
    out
}

fn is_nested(v: &Value) -> bool {
    match v {
        Value::Object(m) => !m.is_empty(),
        Value::Array(a) => !a.is_empty(),
        _ => false,
    }
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// Writes a non-empty mapping or sequence whose lines start at `indent`.
/// With `inline_first`, the cursor already stands where the first line's
/// content goes (after `- `).
fn node(out: &mut String, v: &Value, indent: usize, inline_first: bool) {
    match v {
        Value::Object(map) => {
            for (i, (key, val)) in map.iter().enumerate() {
                if i > 0 || !inline_first {
                    pad(out, indent);
                }
                if is_plain_key(key) {
                    out.push_str(key);
                } else {
                    out.push_str(&quote(key));
                }
                out.push(':');
                match val {
                    Value::Object(_) if is_nested(val) => {
                        out.push('\n');
                        node(out, val, indent + 2, false);
                    }
                    Value::Array(_) if is_nested(val) => {
                        out.push('\n');
                        node(out, val, indent + 2, false);
                    }
                    _ => {
                        out.push(' ');
                        out.push_str(&scalar(val));
                        out.push('\n');
                    }
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 || !inline_first {
                    pad(out, indent);
                }
                out.push_str("- ");
                if is_nested(item) {
                    node(out, item, indent + 2, true);
                } else {
                    out.push_str(&scalar(item));
                    out.push('\n');
                }
            }
        }
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => number(n),
        Value::String(s) => quote(s),
        Value::Array(_) => "[]".to_string(),
        Value::Object(_) => "{}".to_string(),
    }
}

/// Integers as digits; floats always with a `.` and a signed exponent, the
/// form YAML 1.1 requires to read them as floats.
fn number(n: &Number) -> String {
    let text = n.to_string();
    if n.is_f64() {
        let (mantissa, exponent) = match text.split_once(['e', 'E']) {
            Some((m, e)) => (m.to_string(), Some(e.to_string())),
            None => (text.clone(), None),
        };
        let mantissa = if mantissa.contains('.') {
            mantissa
        } else {
            format!("{mantissa}.0")
        };
        return match exponent {
            Some(e) if e.starts_with(['-', '+']) => format!("{mantissa}e{e}"),
            Some(e) => format!("{mantissa}e+{e}"),
            None => mantissa,
        };
    }
    text
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trips_nested_values() {
        let v = json!({
            "apiVersion": "v1",
            "kind": "Thing",
            "metadata": {"name": "x", "labels": {}},
            "on": "off",
            "list": [1, -2, 1.5, 1e300, true, null, "s", [], {}, ["a", ["b"]], {"k": [1], "j": {"z": 1}}],
            "weird key": "line1\nline2",
            "empty": [],
        });
        let text = to_yaml(&v);
        let back: Value = serde_saphyr::from_str(&text).unwrap();
        assert_eq!(back, v, "{text}");
        assert!(text.contains("\"on\": \"off\""));
        assert!(text.contains("1.0e+300"));
    }
}
