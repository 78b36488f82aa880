//! The fast path of [`parse_str`](super::parse_str): a strict reader for the
//! plain YAML a spec is usually written in, giving exactly the located tree
//! serde-saphyr gives (values and line/column locations), without its cost.
//!
//! It reads: documents separated by `---` lines; a block mapping at column 0
//! as each document's root; block mappings and sequences nested by spaces;
//! `- key: value` items; single-line flow sequences and mappings; plain,
//! single- and double-quoted scalars on one line; comments on their own
//! line or after a value. Plain scalars are limited to forms whose meaning
//! is certain (strings of `[A-Za-z0-9/._=:-]` that are no YAML 1.1 bool or
//! null word, such as `::/0` in block context, decimal integers, `true`,
//! `false`, `null`).
//!
//! Anything else — an error of any kind, a construct outside the subset, a
//! limit (size, depth, documents) approached — returns `None`, and the input
//! is read by serde-saphyr as before, which gives the same tree where this
//! reader gives one and every error message. The unit tests compare both
//! readers on every fixture and on generated inputs.

use crate::yaml::{Location, Node, Value};

/// Inputs larger than this go to serde-saphyr (its budgets apply there).
const MAX_INPUT: usize = 64 * 1024;
/// Deepest nesting read here (serde-saphyr's limit is 32).
const MAX_DEPTH: usize = 16;
/// Longest key read here, in bytes (all ASCII), quotes included: YAML's
/// limit for an implicit key is 1,024 characters up to its `:`.
const MAX_KEY: usize = 1000;
/// Most documents read here (serde-saphyr's limit is 1,000).
const MAX_DOCUMENTS: usize = 16;

/// The documents of `input`, or `None` when the input is not shown to be in
/// the subset.
pub(super) fn documents(input: &str) -> Option<Vec<Node>> {
    let plain_ascii = input
        .bytes()
        .all(|c| c == b'\n' || (b' '..=b'~').contains(&c));
    if input.len() > MAX_INPUT || !plain_ascii {
        return None;
    }
    let mut r = Reader {
        b: input.as_bytes(),
        text: input,
        pos: 0,
        line: 1,
        line_start: 0,
        depth: 0,
    };
    r.stream().ok()
}

struct NotShown;
type R<T> = Result<T, NotShown>;

struct Reader<'a> {
    b: &'a [u8],
    text: &'a str,
    pos: usize,
    /// 1-based number of the line `pos` is on.
    line: usize,
    /// Offset of that line's first byte.
    line_start: usize,
    depth: usize,
}

fn is_plain_byte(c: u8, flow: bool) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, b'/' | b'.' | b'_' | b'-' | b'=')
        || (matches!(c, b':' | b',') && !flow)
}

/// Words a YAML 1.1 or 1.2 reader takes for a bool or null, in any case.
const RESERVED: &[&str] = &["y", "yes", "n", "no", "true", "false", "on", "off", "null"];

fn reserved(s: &str) -> bool {
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(s))
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn at(&self, offset: usize) -> Option<u8> {
        self.b.get(self.pos + offset).copied()
    }

    fn eat(&mut self, c: u8) -> R<()> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(NotShown)
        }
    }

    fn location(&self) -> Location {
        Location {
            line: self.line,
            column: self.pos - self.line_start + 1,
        }
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(NotShown);
        }
        Ok(())
    }

    /// Moves past the `\n` at the position.
    fn newline(&mut self) -> R<()> {
        self.eat(b'\n')?;
        self.line += 1;
        self.line_start = self.pos;
        Ok(())
    }

    /// After a value: spaces, an optional comment (after a space), the line
    /// end (or the input end).
    fn end_of_line(&mut self) -> R<()> {
        let spaces = self.skip_spaces();
        match self.peek() {
            None => Ok(()),
            Some(b'\n') => self.newline(),
            Some(b'#') if spaces > 0 => {
                while self.peek().is_some_and(|c| c != b'\n') {
                    self.pos += 1;
                }
                if self.peek().is_some() {
                    self.newline()?;
                }
                Ok(())
            }
            _ => Err(NotShown),
        }
    }

    fn skip_spaces(&mut self) -> usize {
        let start = self.pos;
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
        self.pos - start
    }

    /// At a line start: skips blank and comment lines; returns the indent of
    /// the next content line (the position stays at its start), or `None`
    /// at the end of the input.
    fn line_indent(&mut self) -> R<Option<usize>> {
        loop {
            let rest = &self.b[self.pos..];
            if rest.is_empty() {
                return Ok(None);
            }
            let n = rest.iter().take_while(|&&c| c == b' ').count();
            match rest.get(n) {
                None => {
                    self.pos += n;
                    return Ok(None);
                }
                Some(b'\n') => {
                    self.pos += n;
                    self.newline()?;
                }
                Some(b'#') => {
                    self.pos += n;
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.pos += 1;
                    }
                    if self.peek().is_some() {
                        self.newline()?;
                    }
                }
                Some(_) => return Ok(Some(n)),
            }
        }
    }

    /// Whether the line at the position (its start) is a `---` marker.
    fn at_document_marker(&self) -> bool {
        let rest = &self.b[self.pos..];
        rest.starts_with(b"---") && matches!(rest.get(3), None | Some(b'\n' | b' '))
    }

    fn stream(&mut self) -> R<Vec<Node>> {
        let mut docs = Vec::new();
        // A `---` was read and its document not yet.
        let mut marker = false;
        loop {
            match self.line_indent()? {
                None => break,
                Some(0) if self.at_document_marker() => {
                    if marker || docs.len() >= MAX_DOCUMENTS {
                        // An empty document, or too many.
                        return Err(NotShown);
                    }
                    self.pos += 3;
                    self.end_of_line()?;
                    marker = true;
                }
                Some(0) => {
                    if !docs.is_empty() && !marker {
                        return Err(NotShown);
                    }
                    let location = self.location();
                    let value = self.block_mapping(0)?;
                    docs.push(Node { value, location });
                    marker = false;
                }
                Some(_) => return Err(NotShown),
            }
        }
        if docs.is_empty() || marker {
            return Err(NotShown);
        }
        Ok(docs)
    }

    /// A block mapping whose keys are at column `n`; the position is at the
    /// first key (its indent already passed).
    fn block_mapping(&mut self, n: usize) -> R<Value> {
        self.enter()?;
        let mut entries: Vec<(Node, Node)> = Vec::new();
        loop {
            let key_location = self.location();
            let key = self.key(false)?;
            self.eat(b':')?;
            if entries.iter().any(|(k, _)| k.value.as_str() == Some(&key)) {
                return Err(NotShown);
            }
            let value = match self.peek() {
                Some(b' ') => {
                    self.skip_spaces();
                    if matches!(self.peek(), Some(b'#' | b'\n') | None) {
                        // An empty value: not read here.
                        return Err(NotShown);
                    }
                    let node = self.inline_value(false)?;
                    self.end_of_line()?;
                    node
                }
                Some(b'\n') => {
                    self.newline()?;
                    self.nested_value(n)?
                }
                _ => return Err(NotShown),
            };
            entries.push((
                Node {
                    value: Value::Str(key),
                    location: key_location,
                },
                value,
            ));
            match self.line_indent()? {
                Some(indent) if indent == n => {
                    self.pos += n;
                    if self.at_item() || (n == 0 && self.at_document_marker()) {
                        self.pos -= n;
                        break;
                    }
                }
                Some(indent) if indent > n => return Err(NotShown),
                _ => break,
            }
        }
        self.depth -= 1;
        Ok(Value::Map(entries))
    }

    fn at_item(&self) -> bool {
        self.b[self.pos..].starts_with(b"- ")
    }

    /// The value on the lines after `key:` of a mapping at column `n`.
    fn nested_value(&mut self, n: usize) -> R<Node> {
        match self.line_indent()? {
            Some(m) if m > n => {
                self.pos += m;
                if self.at_item() {
                    self.block_sequence(m, false)
                } else {
                    let location = self.location();
                    let value = self.block_mapping(m)?;
                    Ok(Node { value, location })
                }
            }
            Some(m) if m == n => {
                self.pos += m;
                if self.at_item() {
                    self.block_sequence(m, true)
                } else {
                    Err(NotShown)
                }
            }
            _ => Err(NotShown),
        }
    }

    /// A block sequence with its dashes at column `n`; the position is at
    /// the first dash. `indentless`: at its key's column, where serde-saphyr
    /// locates it at its first item rather than at the dash.
    fn block_sequence(&mut self, n: usize, indentless: bool) -> R<Node> {
        self.enter()?;
        let location = Location {
            line: self.line,
            column: self.pos + if indentless { 2 } else { 0 } - self.line_start + 1,
        };
        let mut items = Vec::new();
        loop {
            self.pos += 2;
            if self.peek() == Some(b' ') {
                return Err(NotShown);
            }
            let item_location = self.location();
            if self.key_follows() {
                let value = self.block_mapping(n + 2)?;
                items.push(Node {
                    value,
                    location: item_location,
                });
            } else {
                items.push(self.inline_value(false)?);
                self.end_of_line()?;
            }
            match self.line_indent()? {
                Some(indent) if indent == n && self.b[self.pos + n..].starts_with(b"- ") => {
                    self.pos += n;
                }
                Some(indent) if indent > n => return Err(NotShown),
                _ => break,
            }
        }
        self.depth -= 1;
        Ok(Node {
            value: Value::Seq(items),
            location,
        })
    }

    /// Whether a `key:` (then a space or a line end) starts at the position.
    fn key_follows(&mut self) -> bool {
        let (pos, line, line_start) = (self.pos, self.line, self.line_start);
        let found = self.key(false).is_ok()
            && self.peek() == Some(b':')
            && matches!(self.at(1), Some(b' ' | b'\n'));
        (self.pos, self.line, self.line_start) = (pos, line, line_start);
        found
    }

    /// A mapping key: a plain word that reads as a string, or a quoted one,
    /// ending before its `:`. YAML allows an implicit key of at most 1,024
    /// characters; longer ones are left to serde-saphyr, which rejects them.
    fn key(&mut self, flow: bool) -> R<String> {
        let start = self.pos;
        let key = self.key_text(flow)?;
        if self.pos - start > MAX_KEY {
            return Err(NotShown);
        }
        Ok(key)
    }

    fn key_text(&mut self, flow: bool) -> R<String> {
        match self.peek() {
            Some(b'"') => return self.double_quoted(),
            Some(b'\'') => return self.single_quoted(),
            _ => {}
        }
        let start = self.pos;
        let first = self.peek().ok_or(NotShown)?;
        if !(first.is_ascii_alphabetic() || first == b'_') {
            return Err(NotShown);
        }
        while self
            .peek()
            .is_some_and(|c| is_plain_byte(c, true) && c != b'=')
        {
            self.pos += 1;
        }
        let key = &self.text[start..self.pos];
        if reserved(key) || (!flow && self.peek() != Some(b':')) {
            return Err(NotShown);
        }
        Ok(key.to_string())
    }

    /// A scalar or a flow collection on the rest of the line.
    fn inline_value(&mut self, flow: bool) -> R<Node> {
        let location = self.location();
        let value = match self.peek() {
            Some(b'"') => Value::Str(self.double_quoted()?),
            Some(b'\'') => Value::Str(self.single_quoted()?),
            Some(b'[') => self.flow_sequence()?,
            Some(b'{') => self.flow_mapping()?,
            Some(c) if c.is_ascii_alphanumeric() || c == b'/' || c == b'_' || c == b'-' => {
                self.plain(flow)?
            }
            // `::/0`, `::1`: a plain scalar may start with `:` when content
            // follows at once; `.example.com` with `.`.
            Some(b':' | b'.') if self.at(1).is_some_and(|c| is_plain_byte(c, flow)) => {
                self.plain(flow)?
            }
            _ => return Err(NotShown),
        };
        Ok(Node { value, location })
    }

    /// A plain scalar, resolved as serde-saphyr resolves it, or not shown.
    fn plain(&mut self, flow: bool) -> R<Value> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if !is_plain_byte(c, flow) {
                break;
            }
            if c == b':' && !matches!(self.at(1), Some(c) if is_plain_byte(c, flow)) {
                // `: ` (or `:` at the end) is an indicator, not content.
                return Err(NotShown);
            }
            self.pos += 1;
        }
        // Content ends at a line end, a space (before a comment) or, in a
        // flow collection, at its punctuation.
        match self.peek() {
            None | Some(b'\n' | b' ') => {}
            Some(b',' | b']' | b'}') if flow => {}
            _ => return Err(NotShown),
        }
        if self.peek() == Some(b' ') {
            // Only a comment may follow in block context, and spaces before
            // punctuation in a flow collection.
            let rest = &self.b[self.pos..];
            let after = rest.iter().position(|&c| c != b' ').map(|i| rest[i]);
            let ok = match after {
                None | Some(b'\n' | b'#') => true,
                Some(b',' | b']' | b'}') => flow,
                _ => false,
            };
            if !ok {
                return Err(NotShown);
            }
        }
        resolve_plain(&self.text[start..self.pos]).ok_or(NotShown)
    }

    fn double_quoted(&mut self) -> R<String> {
        self.eat(b'"')?;
        let mut out = String::new();
        loop {
            match self.peek().ok_or(NotShown)? {
                b'"' => break,
                b'\\' => {
                    match self.at(1) {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        _ => return Err(NotShown),
                    }
                    self.pos += 2;
                }
                b'\n' => return Err(NotShown),
                c => {
                    out.push(char::from(c));
                    self.pos += 1;
                }
            }
        }
        self.pos += 1;
        Ok(out)
    }

    fn single_quoted(&mut self) -> R<String> {
        self.eat(b'\'')?;
        let mut out = String::new();
        loop {
            match self.peek().ok_or(NotShown)? {
                b'\'' if self.at(1) == Some(b'\'') => {
                    out.push('\'');
                    self.pos += 2;
                }
                b'\'' => break,
                b'\n' => return Err(NotShown),
                c => {
                    out.push(char::from(c));
                    self.pos += 1;
                }
            }
        }
        self.pos += 1;
        Ok(out)
    }

    fn flow_sequence(&mut self) -> R<Value> {
        self.enter()?;
        self.eat(b'[')?;
        let mut items = Vec::new();
        self.skip_spaces();
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            loop {
                items.push(self.inline_value(true)?);
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
        }
        self.depth -= 1;
        Ok(Value::Seq(items))
    }

    fn flow_mapping(&mut self) -> R<Value> {
        self.enter()?;
        self.eat(b'{')?;
        let mut entries: Vec<(Node, Node)> = Vec::new();
        self.skip_spaces();
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                let key_location = self.location();
                let key = self.key(true)?;
                self.eat(b':')?;
                self.eat(b' ')?;
                self.skip_spaces();
                if entries.iter().any(|(k, _)| k.value.as_str() == Some(&key)) {
                    return Err(NotShown);
                }
                let value = self.inline_value(true)?;
                entries.push((
                    Node {
                        value: Value::Str(key),
                        location: key_location,
                    },
                    value,
                ));
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
        self.depth -= 1;
        Ok(Value::Map(entries))
    }
}

/// A plain scalar's value, where it is certain: decimal integers without
/// leading zeros, `true`, `false`, `null`, and strings that no YAML reader
/// takes for anything else.
fn resolve_plain(s: &str) -> Option<Value> {
    let b = s.as_bytes();
    let first = *b.first()?;
    match s {
        "true" => return Some(Value::Bool(true)),
        "false" => return Some(Value::Bool(false)),
        "null" => return Some(Value::Null),
        _ => {}
    }
    if first.is_ascii_alphabetic() || first == b'_' || first == b'/' {
        return (!reserved(s)).then(|| Value::Str(s.to_string()));
    }
    if first == b':' {
        // No number, bool, null or date form starts with `:` (`::/0`).
        return Some(Value::Str(s.to_string()));
    }
    if first == b'.' {
        // `.5` and `.inf`/`.nan` (any case) are floats; other words are not.
        let float_word = [".inf", ".nan"].iter().any(|w| w.eq_ignore_ascii_case(s));
        let fraction = b.get(1).is_some_and(u8::is_ascii_digit);
        return (!float_word && !fraction).then(|| Value::Str(s.to_string()));
    }
    let digits = if first == b'-' { &b[1..] } else { b };
    if !digits.first()?.is_ascii_digit() {
        return None;
    }
    if digits.iter().all(u8::is_ascii_digit) {
        let leading_zero = digits[0] == b'0' && (digits.len() > 1 || first == b'-');
        if leading_zero || digits.len() > 18 {
            return None;
        }
        return s.parse::<i64>().ok().map(|i| Value::Int(i.into()));
    }
    if first == b'-' {
        return None;
    }
    // Digits then something else: a string where no number or date form can
    // match (a `/`, as in a CIDR; or digits then a unit such as `250m`).
    if b.contains(&b'/') {
        return Some(Value::Str(s.to_string()));
    }
    // An IPv4 address or a version: digit groups joined by two or more dots
    // (a float has one).
    let groups: Vec<&[u8]> = b.split(|&c| c == b'.').collect();
    if groups.len() >= 3
        && groups
            .iter()
            .all(|g| !g.is_empty() && g.iter().all(u8::is_ascii_digit))
    {
        return Some(Value::Str(s.to_string()));
    }
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let unit = &b[n..];
    let is_unit = unit.iter().all(u8::is_ascii_alphabetic)
        && !matches!(
            unit[0],
            b'e' | b'E' | b'x' | b'X' | b'o' | b'O' | b'b' | b'B'
        );
    is_unit.then(|| Value::Str(s.to_string()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    fn saphyr(input: &str) -> Option<Vec<Node>> {
        serde_saphyr::from_str_multiple_with_options(input, crate::limits::yaml_options()).ok()
    }

    /// Where the fast reader gives a tree, it is serde-saphyr's.
    fn same(input: &str) -> bool {
        match documents(input) {
            None => false,
            Some(fast) => {
                let full = saphyr(input);
                assert_eq!(Some(&fast), full.as_ref(), "{input:?}");
                true
            }
        }
    }

    #[test]
    fn fixtures_read_the_same() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
        let mut fast = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            if same(&text) {
                fast += 1;
            }
        }
        assert!(fast >= 80, "{fast}");
        for name in [
            "kitchen-sink",
            "doc-installing",
            "kops-privatecalico-like",
            "doc-typha",
        ] {
            let path = format!("{}/../fixtures/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
            assert!(same(&std::fs::read_to_string(path).unwrap()), "{name}");
        }
    }

    #[test]
    fn reads_the_subset_as_serde_saphyr() {
        for input in [
            "a: 1\n",
            "a: 1",
            "# c\n\n---\na: b # c\n  # c2\nb:\n  c: [x, \"y\", 'z''s', {k: -5}]\n  d: {}\n---\nx: []\n",
            "a:\n- 1\n- b: c\n  d: e\n- [f]\n- {g: h}\nz: 0\n",
            "a:\n  - 1\n  - 2\nb: can-reach=10.0.0.1\nc: 100.96.0.0/12\nd: 250m\ne: 2Gi\nf: a:b\ng: a,b\n",
            "a: ::/0\nb: ::1\nc: 2001:db8::/64\n",
            "a: 10.0.0.1\nb: 198.51.100.7\nc: 1.2.3\nd: .example.com\ne: .x.5\n",
            "kind: Cluster\nmetadata:\n  labels:\n    alpha.kops.k8s.io/cloud: metal\n  name: x.example.com\n",
            "a: {b: [1, [2, [3]]], c: \"q\\\"\\\\\"}\n",
            "a:    x   \nb: z\n",
            "a: \"\"\nb: ''\n",
            "a: _x\nb: /y\nc: -1\nd: 9\ne: 0\n",
        ] {
            assert!(same(input), "{input:?}");
        }
        // In flow collections `:` is punctuation: such scalars may be left
        // to serde-saphyr, and where they are not, the trees agree.
        for input in ["b: [::1, ::/0]\n", "c: {d: ::1}\n", "e: ::\n", "f: :x:\n"] {
            same(input);
        }
    }

    #[test]
    fn leaves_the_rest_to_serde_saphyr() {
        for input in [
            "",
            "# only a comment\n",
            "---\n",
            "a: 1\n---\n---\nb: 2\n",
            "a:\n",
            "a: # c\n",
            "a: yes\n",
            "a: True\n",
            "yes: 1\n",
            "a: 1\na: 2\n",
            "a: {b: 1, b: 2}\n",
            "a: 007\n",
            "a: 1.5\n",
            "a: 1e3\n",
            "a: 1.2\n",
            "a: .5\n",
            "a: .Inf\n",
            "a: .nan\n",
            "a: 1..2\n",
            "a: 12e\n",
            "a: :\n",
            "a: b c\n",
            "a: 'x\n  y'\n",
            "a: \"\\n\"\n",
            "a: é\n",
            "a:\tb\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: |\n  x\n",
            "a: b\n  c\n",
            "- a\n",
            "{a: 1}\n",
            "a: [b,\n  c]\n",
            "a: 1\n b: 2\n",
            "a:\n  - - x\n",
            "a:\n  -\n    x\n",
            "a: 1\n...\n",
            "a: x:\n",
            "a: 99999999999999999999\n",
            "a: -0\n",
            "a:\n  -   2\n",
            "a: \"\u{1}\"\n",
        ] {
            assert!(documents(input).is_none(), "{input:?}");
        }
        // Keys longer than YAML's 1,024-character limit for implicit keys
        // (found by the fast_reader fuzz target): serde-saphyr rejects them.
        for key in [
            "k".repeat(1100),
            format!("'{}'", "k".repeat(1100)),
            format!("\"{}\"", "k".repeat(1100)),
        ] {
            for input in [format!("{key}: s\n"), format!("a: {{{key}: s}}\n")] {
                assert!(documents(&input).is_none(), "{} bytes", input.len());
                assert!(saphyr(&input).is_none(), "{} bytes", input.len());
            }
        }
        let longest = format!("{}: s\n", "k".repeat(MAX_KEY));
        assert!(same(&longest));
    }

    /// Random texts built from the subset's pieces (and a few others): the
    /// fast reader either declines or agrees with serde-saphyr.
    #[test]
    fn generated_inputs_agree() {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let keys = [
            "a", "bc", "k8s-app", "x.y/z", "\"q\"", "'s'", "_u", "yes", "on", "a b",
        ];
        let scalars = [
            "a,b",
            "1,2",
            "x:y,z",
            "1",
            "-2",
            "0",
            "07",
            "1.5",
            "1e3",
            "250m",
            "2Gi",
            "10.0.0.1",
            "1.2.3.0/24",
            "x",
            "true",
            "False",
            "null",
            "~",
            "\"s\"",
            "''",
            "'it''s'",
            "a:b",
            "a: b",
            "can-reach=1.2.3.4",
            "::/0",
            "::1",
            "1.2.3",
            "10.0.0.1",
            "1..2",
            "1.2.",
            ".5",
            ".inf",
            ".INF",
            ".NaN",
            ".example.com",
            ".",
            "..",
            ":x",
            ":",
            "2001:db8::/64",
            "[::1]",
            "[]",
            "{}",
            "[a, 1]",
            "{k: v}",
            "{k: [1, {j: 2}]}",
            "-",
            "- x",
            "#c",
            "x #c",
            "\"a\\\"b\"",
        ];
        let mut fast = 0;
        for _ in 0..20000 {
            let mut text = String::new();
            let lines = 1 + next(8);
            let mut indent = 0usize;
            for _ in 0..lines {
                let choice = next(10);
                let pad = " ".repeat(indent);
                match choice {
                    0 => text.push_str("---\n"),
                    1 => text.push_str("# comment\n"),
                    2 => {
                        text.push_str(&format!("{pad}{}:\n", keys[next(keys.len())]));
                        indent += 2;
                    }
                    3 => text.push_str(&format!("{pad}- {}\n", scalars[next(scalars.len())])),
                    4 => {
                        text.push_str(&format!(
                            "{pad}- {}: {}\n",
                            keys[next(keys.len())],
                            scalars[next(scalars.len())]
                        ));
                    }
                    5 => indent = indent.saturating_sub(2),
                    6 => text.push('\n'),
                    _ => text.push_str(&format!(
                        "{pad}{}: {}\n",
                        keys[next(keys.len())],
                        scalars[next(scalars.len())]
                    )),
                }
            }
            if same(&text) {
                fast += 1;
            }
        }
        assert!(fast > 1000, "{fast}");
    }
}
