//! The fast path of the read-back check: a strict reader for the small YAML
//! subset the templates write, which checks a document without building a
//! value.
//!
//! The subset: one block mapping at column 0; block mappings and block
//! sequences nested by spaces (a sequence may sit at its key's column);
//! `- key: value` items; single-line flow sequences and mappings; plain
//! scalars of `[A-Za-z0-9/._-]` (starting with a letter, a digit, `/` or
//! `_`); double-quoted scalars with the escapes `quote` writes (`\"`, `\\`,
//! `\n`, `\r`, `\t`, `\uXXXX`); plain keys as `quote::is_plain_key` admits
//! them, or double-quoted keys. Nothing else: no comments, tags, anchors,
//! aliases, block scalars, single quotes, empty values, tabs, trailing
//! spaces, document markers or multi-line scalars. Every text in the subset
//! means the same to any YAML 1.1 or 1.2 parser, so reading it here is a
//! real parse.
//!
//! [`check`] accepts a text only when it is in the subset, holds no
//! duplicate key in any mapping, and its root mapping has the planned
//! `apiVersion`, `kind`, `metadata.name` and `metadata.namespace` (strings).
//! Anything else is not rejected here but handed to the full check with
//! serde-saphyr (`integrity::read_back`), which accepts what is valid and
//! says precisely what is wrong otherwise. The fast path can only be slower
//! to say yes, never say yes where the full check says no.

use crate::integrity::Expected;
use crate::quote::{is_plain_key, is_reserved_word};
use std::borrow::Cow;

/// Whether `text` is, by the strict reader, exactly one document that is the
/// planned object. `false` means "not shown here", not "wrong".
pub(crate) fn check(text: &str, expected: Expected<'_>) -> bool {
    let mut reader = Reader {
        b: text.as_bytes(),
        text,
        pos: 0,
        keys: Vec::new(),
        depth: 0,
        fields: Fields::default(),
    };
    match reader.document() {
        Ok(()) => reader.fields.is_planned(expected),
        Err(NotShown) => false,
    }
}

/// The reader could not show the text to be in the subset.
#[derive(Debug)]
struct NotShown;

type R<T> = Result<T, NotShown>;

/// Deepest nesting the reader follows (the templates nest about 12 deep).
const MAX_DEPTH: usize = 48;

/// A field of interest, as found in a mapping.
#[derive(Debug, Default)]
enum Slot<'a> {
    #[default]
    Absent,
    /// A plain scalar (a string only if it does not read as another type).
    Plain(&'a str),
    /// A double-quoted scalar: always a string.
    Quoted(Cow<'a, str>),
    /// Anything else (a collection).
    Other,
}

impl Slot<'_> {
    /// Whether the slot holds the string `want`.
    fn is_string(&self, want: &str) -> bool {
        match self {
            Slot::Plain(s) => *s == want && plain_reads_as_string(s),
            Slot::Quoted(s) => s == want,
            Slot::Absent | Slot::Other => false,
        }
    }
}

/// What `metadata` was.
#[derive(Debug, Default, PartialEq)]
enum Metadata {
    #[default]
    Absent,
    Map,
    Other,
}

/// The fields the identity check needs: the root's `apiVersion`, `kind`
/// and `metadata`, and `metadata`'s `name` and `namespace`.
#[derive(Debug, Default)]
struct Fields<'a> {
    api_version: Slot<'a>,
    kind: Slot<'a>,
    metadata: Metadata,
    name: Slot<'a>,
    namespace: Slot<'a>,
}

impl Fields<'_> {
    /// The same verdict as `integrity::check` gives on the parsed value.
    fn is_planned(&self, expected: Expected<'_>) -> bool {
        self.api_version.is_string(expected.api_version)
            && self.kind.is_string(expected.kind)
            && self.metadata == Metadata::Map
            && self.name.is_string(expected.name)
            && match expected.namespace {
                None => matches!(self.namespace, Slot::Absent),
                Some(ns) => self.namespace.is_string(ns),
            }
    }
}

/// Which fields a mapping being read supplies.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    Root,
    Metadata,
    Other,
}

/// A value read, as far as the identity check cares.
enum Kind<'a> {
    Plain(&'a str),
    Quoted(Cow<'a, str>),
    Map,
    Seq,
}

impl<'a> Kind<'a> {
    fn into_slot(self) -> Slot<'a> {
        match self {
            Kind::Plain(s) => Slot::Plain(s),
            Kind::Quoted(s) => Slot::Quoted(s),
            Kind::Map | Kind::Seq => Slot::Other,
        }
    }
}

struct Reader<'a> {
    b: &'a [u8],
    text: &'a str,
    pos: usize,
    /// The keys of the mappings being read, innermost last (for the
    /// duplicate check).
    keys: Vec<Cow<'a, str>>,
    depth: usize,
    fields: Fields<'a>,
}

fn is_plain_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'/' | b'.' | b'_' | b'-')
}

fn is_plain_first(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'/' | b'_')
}

/// Whether a plain scalar of the subset reads as a string in YAML 1.1 and
/// 1.2: it starts with a letter (so it is no number, date or `.inf`) and is
/// no bool or null word.
fn plain_reads_as_string(s: &str) -> bool {
    s.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) && !is_reserved_word(s)
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn eat(&mut self, c: u8) -> R<()> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(NotShown)
        }
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(NotShown);
        }
        Ok(())
    }

    fn document(&mut self) -> R<()> {
        if !self.text.ends_with('\n') {
            return Err(NotShown);
        }
        if self.line_indent()? != Some(0) {
            return Err(NotShown);
        }
        self.block_mapping(0, false, Role::Root)?;
        if self.line_indent()?.is_some() {
            // Something after the root mapping, at column 0 but not a key.
            return Err(NotShown);
        }
        Ok(())
    }

    /// At the start of a line: skips empty lines and returns the indent of
    /// the next line (the position stays at its start), or `None` at the
    /// end. A line of spaces only is not in the subset.
    fn line_indent(&mut self) -> R<Option<usize>> {
        loop {
            let rest = &self.b[self.pos..];
            if rest.is_empty() {
                return Ok(None);
            }
            let n = rest.iter().take_while(|&&c| c == b' ').count();
            match rest.get(n) {
                Some(b'\n') if n == 0 => self.pos += 1,
                Some(b'\n') | None => return Err(NotShown),
                Some(_) => return Ok(Some(n)),
            }
        }
    }

    /// Whether the content at the position starts a sequence item.
    fn at_item(&self) -> bool {
        self.b[self.pos..].starts_with(b"- ")
    }

    /// A block mapping whose keys are at column `n`. With `at_content`, the
    /// position is already at the first key (after `- `); otherwise at the
    /// start of the first key's line.
    fn block_mapping(&mut self, n: usize, mut at_content: bool, role: Role) -> R<()> {
        self.enter()?;
        let first_key = self.keys.len();
        let mut entries = 0;
        loop {
            if !at_content {
                match self.line_indent()? {
                    Some(indent) if indent == n => self.pos += n,
                    Some(indent) if indent > n => return Err(NotShown),
                    _ => break,
                }
                if self.at_item() {
                    // A sequence item at the mapping's column: not an entry
                    // (the caller sees the line again, and rejects it).
                    self.pos -= n;
                    break;
                }
            }
            at_content = false;
            self.entry(n, first_key, role)?;
            entries += 1;
        }
        if entries == 0 {
            return Err(NotShown);
        }
        self.keys.truncate(first_key);
        self.depth -= 1;
        Ok(())
    }

    /// One `key: value` entry of a block mapping at column `n`; the position
    /// is at the key, and ends at the start of the next line.
    fn entry(&mut self, n: usize, first_key: usize, role: Role) -> R<()> {
        let key = self.key()?;
        self.eat(b':')?;
        self.add_key(first_key, key.clone())?;
        let child = Self::child_role(role, &key);
        let value = match self.peek() {
            Some(b'\n') => {
                self.pos += 1;
                self.nested_value(n, child)?
            }
            Some(b' ') => {
                self.pos += 1;
                let value = self.inline_value(child)?;
                self.eat(b'\n')?;
                value
            }
            _ => return Err(NotShown),
        };
        self.record(role, &key, value);
        Ok(())
    }

    /// The role of the value of `key` in a mapping of `role`.
    fn child_role(role: Role, key: &str) -> Role {
        if role == Role::Root && key == "metadata" {
            Role::Metadata
        } else {
            Role::Other
        }
    }

    /// Keeps the value of `key` if the identity check needs it.
    fn record(&mut self, role: Role, key: &str, value: Kind<'a>) {
        let f = &mut self.fields;
        match (role, key) {
            (Role::Root, "apiVersion") => f.api_version = value.into_slot(),
            (Role::Root, "kind") => f.kind = value.into_slot(),
            (Role::Root, "metadata") => {
                f.metadata = match value {
                    Kind::Map => Metadata::Map,
                    _ => Metadata::Other,
                }
            }
            (Role::Metadata, "name") => f.name = value.into_slot(),
            (Role::Metadata, "namespace") => f.namespace = value.into_slot(),
            _ => {}
        }
    }

    /// The value on the lines after `key:` of a mapping at column `n`.
    fn nested_value(&mut self, n: usize, role: Role) -> R<Kind<'a>> {
        match self.line_indent()? {
            Some(m) if m > n => {
                self.pos += m;
                if self.at_item() {
                    self.block_sequence(m)
                } else {
                    self.block_mapping(m, true, role).map(|()| Kind::Map)
                }
            }
            Some(m) if m == n => {
                self.pos += m;
                if self.at_item() {
                    self.block_sequence(m)
                } else {
                    // An empty value (null): not in the subset.
                    Err(NotShown)
                }
            }
            _ => Err(NotShown),
        }
    }

    /// A block sequence whose dashes are at column `n`; the position is at
    /// the first dash.
    fn block_sequence(&mut self, n: usize) -> R<Kind<'a>> {
        self.enter()?;
        loop {
            // At `- `.
            self.pos += 2;
            if self.key_follows() {
                self.block_mapping(n + 2, true, Role::Other)?;
            } else {
                self.inline_value(Role::Other)?;
                self.eat(b'\n')?;
            }
            match self.line_indent()? {
                Some(indent) if indent == n => {
                    if self.b[self.pos + n..].starts_with(b"- ") {
                        self.pos += n;
                    } else {
                        break;
                    }
                }
                Some(indent) if indent > n => return Err(NotShown),
                _ => break,
            }
        }
        self.depth -= 1;
        Ok(Kind::Seq)
    }

    /// Whether the position is at `key:` followed by a space or a line end
    /// (the start of a mapping), without moving.
    fn key_follows(&mut self) -> bool {
        let start = self.pos;
        let found = self.key().is_ok()
            && self.peek() == Some(b':')
            && matches!(self.b.get(self.pos + 1), Some(b' ' | b'\n'));
        self.pos = start;
        found
    }

    /// A mapping key: plain (as `quote::is_plain_key` admits it) or
    /// double-quoted.
    fn key(&mut self) -> R<Cow<'a, str>> {
        if self.peek() == Some(b'"') {
            return self.quoted();
        }
        let start = self.pos;
        let rest = &self.b[start..];
        self.pos += rest
            .iter()
            .position(|&c| !(is_plain_byte(c) || c == b'$'))
            .unwrap_or(rest.len());
        let key = &self.text[start..self.pos];
        if !is_plain_key(key) {
            return Err(NotShown);
        }
        Ok(Cow::Borrowed(key))
    }

    /// Records a key of the mapping whose keys start at `first_key`;
    /// a key already there is a duplicate.
    fn add_key(&mut self, first_key: usize, key: Cow<'a, str>) -> R<()> {
        if self.keys[first_key..].contains(&key) {
            return Err(NotShown);
        }
        self.keys.push(key);
        Ok(())
    }

    /// A value on the rest of a line: a scalar or a flow collection. The
    /// position ends right after it (the caller expects the line end).
    fn inline_value(&mut self, role: Role) -> R<Kind<'a>> {
        match self.peek() {
            Some(b'"') => self.quoted().map(Kind::Quoted),
            Some(b'[') => self.flow_sequence(),
            Some(b'{') => self.flow_mapping(role).map(|()| Kind::Map),
            Some(c) if is_plain_first(c) => Ok(Kind::Plain(self.plain())),
            _ => Err(NotShown),
        }
    }

    /// A plain scalar (the first byte is already known to fit).
    fn plain(&mut self) -> &'a str {
        let start = self.pos;
        self.pos += 1;
        while self.peek().is_some_and(is_plain_byte) {
            self.pos += 1;
        }
        &self.text[start..self.pos]
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    /// `[a, "b", {k: v}]` on one line.
    fn flow_sequence(&mut self) -> R<Kind<'a>> {
        self.enter()?;
        self.eat(b'[')?;
        self.skip_spaces();
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Kind::Seq);
        }
        loop {
            self.inline_value(Role::Other)?;
            self.skip_spaces();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_spaces();
                }
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(NotShown),
            }
        }
        self.depth -= 1;
        Ok(Kind::Seq)
    }

    /// `{k: v, "k2": [..]}` on one line.
    fn flow_mapping(&mut self, role: Role) -> R<()> {
        self.enter()?;
        self.eat(b'{')?;
        let first_key = self.keys.len();
        self.skip_spaces();
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                let key = self.key()?;
                self.eat(b':')?;
                self.eat(b' ')?;
                self.skip_spaces();
                self.add_key(first_key, key.clone())?;
                let value = self.inline_value(Self::child_role(role, &key))?;
                self.record(role, &key, value);
                self.skip_spaces();
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        self.skip_spaces();
                    }
                    Some(b'}') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return Err(NotShown),
                }
            }
        }
        self.keys.truncate(first_key);
        self.depth -= 1;
        Ok(())
    }

    /// A double-quoted scalar on one line, decoded (borrowed when it holds
    /// no escape).
    fn quoted(&mut self) -> R<Cow<'a, str>> {
        self.eat(b'"')?;
        let start = self.pos;
        let mut escaped = false;
        loop {
            // Plain printable ASCII, the bulk of any scalar, in one sweep.
            self.pos += self.b[self.pos..]
                .iter()
                .take_while(|&&c| (b' '..=b'~').contains(&c) && c != b'"' && c != b'\\')
                .count();
            let c = self.peek().ok_or(NotShown)?;
            match c {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    self.pos += 1;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'n' | b'r' | b't') => self.pos += 1,
                        Some(b'u') => {
                            let hex = self.text.get(self.pos + 1..self.pos + 5).ok_or(NotShown)?;
                            if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                                return Err(NotShown);
                            }
                            let code = u32::from_str_radix(hex, 16).map_err(|_| NotShown)?;
                            char::from_u32(code).ok_or(NotShown)?;
                            self.pos += 5;
                        }
                        _ => return Err(NotShown),
                    }
                }
                0x00..=0x1F | 0x7F => return Err(NotShown),
                0x80.. => {
                    // A non-ASCII character: reject those `quote` escapes
                    // (C1 controls, U+2028/9, U+FEFF, U+FFFE/F).
                    let ch = self.text[self.pos..].chars().next().ok_or(NotShown)?;
                    if matches!(
                        u32::from(ch),
                        0x80..=0x9F | 0x2028 | 0x2029 | 0xFEFF | 0xFFFE | 0xFFFF
                    ) {
                        return Err(NotShown);
                    }
                    self.pos += ch.len_utf8();
                }
                _ => self.pos += 1,
            }
        }
        let raw = &self.text[start..self.pos];
        self.pos += 1;
        if !escaped {
            return Ok(Cow::Borrowed(raw));
        }
        Ok(Cow::Owned(unescape(raw).ok_or(NotShown)?))
    }
}

/// Decodes the escapes [`Reader::quoted`] admitted.
fn unescape(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'u' => {
                let hex: String = chars.by_ref().take(4).collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    const SA: Expected<'static> = Expected {
        api_version: "v1",
        kind: "ServiceAccount",
        namespace: Some("kube-system"),
        name: "calico-node",
    };

    fn ok(text: &str) -> bool {
        check(text, SA)
    }

    #[test]
    fn accepts_the_subset() {
        assert!(ok("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n"));
        assert!(ok("apiVersion: \"v1\"\nkind: ServiceAccount\nmetadata: {name: \"calico-node\", namespace: kube-system}\n"));
        assert!(ok(concat!(
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n",
            "  labels:\n    k8s-app: calico-node\n",
            "\n",
            "spec:\n  list:\n  - a\n  - \"b\\n\\u00e9\"\n  other:\n    - {x: [1, \"2\", {k: z}], w: []}\n",
            "    - name: n\n      value: \"v\"\n    - [a, b]\n",
            "  empty: {}\n  \"quoted key\": 1\n",
        )));
    }

    #[test]
    fn hands_everything_else_to_the_full_check() {
        let base = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n";
        let cases: &[&str] = &[
            "",
            "apiVersion: v1",
            // identity
            "apiVersion: v2\nkind: ServiceAccount\nmetadata: {name: calico-node, namespace: kube-system}\n",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: calico-node, namespace: kube-system}\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: other, namespace: kube-system}\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: calico-node}\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: calico-node, namespace: [kube-system]}\n",
            "apiVersion: v1\nkind: ServiceAccount\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata: calico-node\n",
            "apiVersion: [v1]\nkind: ServiceAccount\nmetadata: {name: calico-node, namespace: kube-system}\n",
            // more than one document, or not a mapping
            "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: calico-node, namespace: kube-system}\n---\napiVersion: v1\n",
            "- a\n- b\n",
            // duplicate keys
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  name: other\n  namespace: kube-system\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: calico-node, namespace: kube-system, name: x}\n",
            "apiVersion: v1\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: calico-node, namespace: kube-system}\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  \"name\": calico-node\n  namespace: kube-system\n",
            // outside the subset
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n  x: a b\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n  x: 'a'\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n  x: &a b\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n  x: !!str b\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n  x: |\n    b\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n  x: b # c\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n  x:\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n  x: b\n    c\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n  x: b \n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n  x: \"a\n  b\"\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n  x: \"\\x41\"\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n  x: \"\u{2028}\"\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n  x: [a,\n    b]\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n  on: b\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n\tx: b\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n   namespace: kube-system\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n  x:\n  - a\n   - b\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n  - a\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: calico-node\n  namespace: kube-system\n- a\n",
            // a value that is no string
            "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: calico-node, namespace: kube-system}\nx: 1\nkind: y\n",
        ];
        for text in cases {
            assert!(!ok(text), "{text:?}");
        }
        assert!(ok(base));
        // Plain identity values that would not read as strings.
        let odd = Expected { name: "true", ..SA };
        assert!(!check("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: true, namespace: kube-system}\n", odd));
        assert!(check("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: \"true\", namespace: kube-system}\n", odd));
        let num = Expected { name: "1", ..SA };
        assert!(!check(
            "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: 1, namespace: kube-system}\n",
            num
        ));
    }
}
