//! The one way a value becomes YAML text.
//!
//! Every string calico-render places into a manifest is written by [`quote`]:
//! a double-quoted scalar that YAML 1.1 and 1.2 parsers (and JSON parsers)
//! read back as exactly the same string. Nothing inside a quoted scalar can
//! end it early, so no input can add a key, a list item or a document.

use std::fmt::Write as _;

/// `s` as a double-quoted YAML scalar.
///
/// Escaped: `"` and `\`; the C0 controls, DEL and the C1 controls (not
/// printable in YAML); U+0085, U+2028 and U+2029 (line breaks to a YAML 1.1
/// parser, which would fold them); U+FEFF (a byte-order mark to some
/// readers); U+FFFE and U+FFFF (not printable). Everything else is written
/// as is. The escapes used (`\n`, `\r`, `\t`, `\"`, `\\`, `\uXXXX`) mean
/// the same in YAML and JSON.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if must_escape(c) => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn must_escape(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00..=0x1F | 0x7F..=0x9F | 0x2028 | 0x2029 | 0xFEFF | 0xFFFE | 0xFFFF
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn quotes_specials() {
        assert_eq!(quote("plain"), "\"plain\"");
        assert_eq!(quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(quote("l1\nl2\r\t"), "\"l1\\nl2\\r\\t\"");
        assert_eq!(
            quote("\u{0}\u{7f}\u{85}\u{2028}\u{feff}"),
            "\"\\u0000\\u007F\\u0085\\u2028\\uFEFF\""
        );
        assert_eq!(quote("é ✓ 😀"), "\"é ✓ 😀\"");
    }
}
