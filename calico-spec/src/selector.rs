//! Calico label selectors: parsing, matching and a canonical printed form.
//!
//! Calico selects endpoints, nodes and namespaces with its own selector
//! language (not the Kubernetes `matchLabels` form). This module accepts the
//! same inputs as Calico v3.31's parser
//! (`libcalico-go/lib/selector/tokenizer/tokenizer.go` and
//! `libcalico-go/lib/selector/parser/parser.go` at tag `v3.31.6`) and
//! evaluates them the same way. It is an independent implementation.
//!
//! # Grammar
//!
//! ```text
//! selector   := blank | or
//! or         := and ( "||" and )*
//! and        := unary ( "&&" unary )*
//! unary      := "!"* term                    -- "!" negates one whole term
//! term       := "all(" ")" | "global(" ")" | "has(" label ")"
//!             | label cmp-op string
//!             | label set-op "{" [ string ( "," string )* [ "," ] ] "}"
//!             | "(" or ")"
//! cmp-op     := "==" | "!=" | "contains" | "starts" "with" | "ends" "with"
//! set-op     := "in" | "not" "in"
//! label      := 1..=512 of [A-Za-z0-9_./-]
//! string     := '"' any-but-'"' '"' | "'" any-but-"'" "'"
//! ```
//!
//! Details worth knowing:
//! * Whitespace is only space and tab; a newline anywhere outside a string is
//!   an error (mind YAML block scalars that end in a newline).
//! * An empty or blank selector means `all()`.
//! * `has(`, `all(` and `global(` must be written without a space before the
//!   `(` (spaces inside the parentheses are fine).
//! * The word operators are only recognised right after a label, so a label
//!   may itself be called `contains` or `in`; `startswith`, `endswith` and
//!   `notin` (no space) are accepted too.
//! * Strings have no escapes: a value containing `"` must be single-quoted
//!   and vice versa.
//! * A set may be empty and may end with a trailing comma: `a in {}`,
//!   `a in {'x',}`.
//! * `!` applies to one term: `!a == 'b' && c == 'd'` is
//!   `(!(a == 'b')) && c == 'd'`.
//! * Labels are not checked against the Kubernetes label-key rules: any run
//!   of the characters above is a label, so `a.b/c/d` parses.
//! * `!=` and `not in` match when the label is absent; `==`, `in`,
//!   `contains`, `starts with` and `ends with` need it present.
//! * `global()` matches everything when evaluated against labels (Calico uses
//!   it in namespace selectors to mean "non-namespaced resources").
//!
//! Beyond Calico, nesting of parentheses is limited to
//! [`MAX_NESTING_DEPTH`] levels because selectors come from untrusted input.
//! (The module's tests `examples` show the API.)

#[cfg(test)]
use std::collections::BTreeMap;
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// Deepest nesting of parentheses accepted (Calico itself has no limit).
pub const MAX_NESTING_DEPTH: usize = 128;

/// Longest label name accepted, in bytes (Calico's tokenizer limit).
pub const MAX_LABEL_LENGTH: usize = 512;

/// A parsed Calico selector.
///
/// Two selectors compare equal when their canonical trees are equal (which
/// implies they print the same); semantically equivalent but differently
/// written selectors may compare unequal.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Selector {
    root: Node,
}

/// Why a selector did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectorError {
    /// Where the problem is: the number of characters (Unicode scalar values)
    /// before it, so 0 is the start of the input. For ASCII input this is
    /// also the byte offset.
    pub offset: usize,
    /// What was expected and what was found instead.
    pub message: String,
}

impl fmt::Display for SelectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid selector at character {}: {}",
            self.offset, self.message
        )
    }
}

impl std::error::Error for SelectorError {}

/// Parses a Calico selector.
pub fn parse(s: &str) -> Result<Selector, SelectorError> {
    Parser::new(s).parse_selector()
}

impl FromStr for Selector {
    type Err = SelectorError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

impl Selector {
    /// Whether an object carrying `labels` is selected (the tests hold the
    /// grammar to Calico's semantics with it).
    #[cfg(test)]
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.root.matches(labels)
    }
}

/// The canonical form: double-quoted values (single-quoted when the value
/// contains `"`), sets sorted and without duplicates, `&&`/`||` chains
/// flattened, double negations removed, and parentheses only where needed.
/// Parsing the canonical form gives back an equal selector.
impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.root.write(f, Context::Top)
    }
}

// ---------------------------------------------------------------------------
// Syntax tree

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum CmpOp {
    Eq,
    Ne,
    Contains,
    StartsWith,
    EndsWith,
}

impl CmpOp {
    fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Contains => "contains",
            CmpOp::StartsWith => "starts with",
            CmpOp::EndsWith => "ends with",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Node {
    All,
    Global,
    Has(String),
    Compare {
        label: String,
        op: CmpOp,
        value: String,
    },
    InSet {
        label: String,
        /// `not in` rather than `in`.
        negated: bool,
        values: BTreeSet<String>,
    },
    Not(Box<Node>),
    /// Two or more operands, none of them an `And`.
    And(Vec<Node>),
    /// Two or more operands, none of them an `Or`.
    Or(Vec<Node>),
}

/// Where a node is printed, to decide whether it needs parentheses.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Top,
    AndOperand,
    OrOperand,
    NotOperand,
}

impl Node {
    fn negate(self) -> Node {
        match self {
            Node::Not(inner) => *inner,
            other => Node::Not(Box::new(other)),
        }
    }

    fn and(operands: Vec<Node>) -> Node {
        Node::join(operands, true)
    }

    fn or(operands: Vec<Node>) -> Node {
        Node::join(operands, false)
    }

    /// Builds an `And` (or `Or`), splicing in operands of the same kind.
    fn join(operands: Vec<Node>, is_and: bool) -> Node {
        let mut flat = Vec::with_capacity(operands.len());
        for operand in operands {
            match operand {
                Node::And(inner) if is_and => flat.extend(inner),
                Node::Or(inner) if !is_and => flat.extend(inner),
                other => flat.push(other),
            }
        }
        if flat.len() == 1 {
            if let Some(only) = flat.pop() {
                return only;
            }
        }
        if is_and {
            Node::And(flat)
        } else {
            Node::Or(flat)
        }
    }

    #[cfg(test)]
    fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        match self {
            Node::All | Node::Global => true,
            Node::Has(label) => labels.contains_key(label),
            Node::Compare { label, op, value } => match (labels.get(label), op) {
                (None, CmpOp::Ne) => true,
                (None, _) => false,
                (Some(actual), CmpOp::Eq) => actual == value,
                (Some(actual), CmpOp::Ne) => actual != value,
                (Some(actual), CmpOp::Contains) => actual.contains(value.as_str()),
                (Some(actual), CmpOp::StartsWith) => actual.starts_with(value.as_str()),
                (Some(actual), CmpOp::EndsWith) => actual.ends_with(value.as_str()),
            },
            Node::InSet {
                label,
                negated,
                values,
            } => match labels.get(label) {
                None => *negated,
                Some(actual) => values.contains(actual) != *negated,
            },
            Node::Not(inner) => !inner.matches(labels),
            Node::And(operands) => operands.iter().all(|o| o.matches(labels)),
            Node::Or(operands) => operands.iter().any(|o| o.matches(labels)),
        }
    }

    fn write(&self, f: &mut fmt::Formatter<'_>, ctx: Context) -> fmt::Result {
        match self {
            Node::All => f.write_str("all()"),
            Node::Global => f.write_str("global()"),
            Node::Has(label) => write!(f, "has({label})"),
            Node::Compare { label, op, value } => {
                write!(f, "{label} {} ", op.as_str())?;
                write_quoted(f, value)
            }
            Node::InSet {
                label,
                negated,
                values,
            } => {
                let op = if *negated { "not in" } else { "in" };
                write!(f, "{label} {op} {{")?;
                for (i, value) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write_quoted(f, value)?;
                }
                f.write_str("}")
            }
            Node::Not(inner) => {
                f.write_str("!")?;
                inner.write(f, Context::NotOperand)
            }
            Node::And(operands) => {
                let parens = matches!(ctx, Context::AndOperand | Context::NotOperand);
                write_chain(f, operands, " && ", Context::AndOperand, parens)
            }
            Node::Or(operands) => {
                let parens = ctx != Context::Top;
                write_chain(f, operands, " || ", Context::OrOperand, parens)
            }
        }
    }
}

fn write_chain(
    f: &mut fmt::Formatter<'_>,
    operands: &[Node],
    separator: &str,
    ctx: Context,
    parens: bool,
) -> fmt::Result {
    if parens {
        f.write_str("(")?;
    }
    for (i, operand) in operands.iter().enumerate() {
        if i > 0 {
            f.write_str(separator)?;
        }
        operand.write(f, ctx)?;
    }
    if parens {
        f.write_str(")")?;
    }
    Ok(())
}

/// A value can never hold both kinds of quote (there are no escapes), so one
/// of the two always works.
fn write_quoted(f: &mut fmt::Formatter<'_>, value: &str) -> fmt::Result {
    if value.contains('"') {
        write!(f, "'{value}'")
    } else {
        write!(f, "\"{value}\"")
    }
}

// ---------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    LParen,
    RParen,
    LBrace,
    RBrace,
    Comma,
    Eq,
    Ne,
    Not,
    And,
    Or,
    Str(String),
    Label(String),
    Has(String),
    All,
    Global,
    Contains,
    StartsWith,
    EndsWith,
    In,
    NotIn,
    /// A character that starts no token; reported by the parser, which knows
    /// what it expected there.
    Unknown(char),
    Eof,
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::LParen => "`(`".into(),
            Tok::RParen => "`)`".into(),
            Tok::LBrace => "`{`".into(),
            Tok::RBrace => "`}`".into(),
            Tok::Comma => "`,`".into(),
            Tok::Eq => "`==`".into(),
            Tok::Ne => "`!=`".into(),
            Tok::Not => "`!`".into(),
            Tok::And => "`&&`".into(),
            Tok::Or => "`||`".into(),
            Tok::Str(s) => format!("the string {}", quote_for_message(s)),
            Tok::Label(l) => format!("the label `{l}`"),
            Tok::Has(l) => format!("`has({l})`"),
            Tok::All => "`all()`".into(),
            Tok::Global => "`global()`".into(),
            Tok::Contains => "`contains`".into(),
            Tok::StartsWith => "`starts with`".into(),
            Tok::EndsWith => "`ends with`".into(),
            Tok::In => "`in`".into(),
            Tok::NotIn => "`not in`".into(),
            Tok::Unknown(c) => describe_char(*c),
            Tok::Eof => "the end of the selector".into(),
        }
    }
}

fn describe_char(c: char) -> String {
    match c {
        '\n' | '\r' | '\u{b}' | '\u{c}' => format!(
            "the character {:?} (only spaces and tabs may separate tokens)",
            c
        ),
        _ => format!("the character {c:?}"),
    }
}

/// Quotes a string for an error message, shortening long ones.
fn quote_for_message(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        format!("{s:?}")
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head:?}…")
    }
}

fn is_label_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'/' | b'-')
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

const OPERATOR_LIST: &str = "`==`, `!=`, `in`, `not in`, `contains`, `starts with` or `ends with`";
const TERM_LIST: &str = "a label, `has(...)`, `all()`, `global()`, `!` or `(`";

/// Turns the input into tokens on demand. Which words are operators depends on
/// the previous token (only right after a label), exactly as in Calico.
struct Lexer<'a> {
    input: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// The label just lexed, if the previous token was one.
    after_label: Option<&'a str>,
}

/// An error found at a byte position, converted to a character offset later.
struct RawError {
    at: usize,
    message: String,
}

impl<'a> Lexer<'a> {
    fn new(input: &'a str) -> Self {
        Lexer {
            input,
            bytes: input.as_bytes(),
            pos: 0,
            after_label: None,
        }
    }

    fn skip_blanks(&mut self) {
        while self.bytes.get(self.pos).copied().is_some_and(is_blank) {
            self.pos += 1;
        }
    }

    fn rest(&self) -> &'a [u8] {
        self.bytes.get(self.pos..).unwrap_or_default()
    }

    /// Consumes `word` if the input continues with it.
    fn eat(&mut self, word: &[u8]) -> bool {
        if self.rest().starts_with(word) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    fn at_word_boundary(&self) -> bool {
        !self.bytes.get(self.pos).copied().is_some_and(is_label_byte)
    }

    /// Consumes the words (blanks allowed between them, none required) if
    /// they are followed by a word boundary; otherwise consumes nothing.
    fn eat_words(&mut self, words: &[&[u8]]) -> bool {
        let start = self.pos;
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                self.skip_blanks();
            }
            if !self.eat(word) {
                self.pos = start;
                return false;
            }
        }
        if self.at_word_boundary() {
            true
        } else {
            self.pos = start;
            false
        }
    }

    /// Consumes a label name (possibly empty).
    fn label(&mut self) -> Result<String, RawError> {
        let start = self.pos;
        while self.bytes.get(self.pos).copied().is_some_and(is_label_byte) {
            self.pos += 1;
        }
        let name = self.input.get(start..self.pos).unwrap_or_default();
        if name.len() > MAX_LABEL_LENGTH {
            return Err(RawError {
                at: start,
                message: format!(
                    "expected a label of at most {MAX_LABEL_LENGTH} characters, found one of {}",
                    name.len()
                ),
            });
        }
        Ok(name.to_string())
    }

    /// After `all(` or `global(`: blanks then `)`.
    fn close_empty_call(&mut self, name: &str) -> Result<(), RawError> {
        self.skip_blanks();
        if self.eat(b")") {
            Ok(())
        } else {
            Err(RawError {
                at: self.pos,
                message: format!(
                    "expected `)` after `{name}(`, found {}",
                    self.describe_here()
                ),
            })
        }
    }

    fn describe_here(&self) -> String {
        match self.input.get(self.pos..).and_then(|s| s.chars().next()) {
            None => Tok::Eof.describe(),
            Some(c) => describe_char(c),
        }
    }

    /// The next token and the byte position where it starts.
    fn next(&mut self) -> Result<(Tok, usize), RawError> {
        self.skip_blanks();
        let start = self.pos;
        let tok = self.lex_one()?;
        self.after_label = match tok {
            Tok::Label(_) => self.input.get(start..self.pos),
            _ => None,
        };
        Ok((tok, start))
    }

    fn lex_one(&mut self) -> Result<Tok, RawError> {
        let start = self.pos;
        let Some(&b) = self.bytes.get(self.pos) else {
            return Ok(Tok::Eof);
        };
        let single = match b {
            b'(' => Some(Tok::LParen),
            b')' => Some(Tok::RParen),
            b'{' => Some(Tok::LBrace),
            b'}' => Some(Tok::RBrace),
            b',' => Some(Tok::Comma),
            _ => None,
        };
        if let Some(tok) = single {
            self.pos += 1;
            return Ok(tok);
        }
        match b {
            b'"' | b'\'' => {
                let body_start = self.pos + 1;
                let body = self.bytes.get(body_start..).unwrap_or_default();
                match body.iter().position(|&c| c == b) {
                    Some(len) => {
                        let value = self
                            .input
                            .get(body_start..body_start + len)
                            .unwrap_or_default();
                        self.pos = body_start + len + 1;
                        Ok(Tok::Str(value.to_string()))
                    }
                    None => Err(RawError {
                        at: start,
                        message: format!(
                            "expected a closing {} for the string that starts here, found the end of the selector",
                            if b == b'"' { "`\"`" } else { "`'`" }
                        ),
                    }),
                }
            }
            b'=' => {
                if self.eat(b"==") {
                    Ok(Tok::Eq)
                } else {
                    Err(RawError {
                        at: start,
                        message: "expected `==`, found a single `=`".into(),
                    })
                }
            }
            b'!' => {
                if self.eat(b"!=") {
                    Ok(Tok::Ne)
                } else {
                    self.pos += 1;
                    Ok(Tok::Not)
                }
            }
            b'&' => {
                if self.eat(b"&&") {
                    Ok(Tok::And)
                } else {
                    Err(RawError {
                        at: start,
                        message: "expected `&&`, found a single `&`".into(),
                    })
                }
            }
            b'|' => {
                if self.eat(b"||") {
                    Ok(Tok::Or)
                } else {
                    Err(RawError {
                        at: start,
                        message: "expected `||`, found a single `|`".into(),
                    })
                }
            }
            _ => match self.after_label {
                Some(label) => self.lex_operator_word(label),
                None => self.lex_term_word(),
            },
        }
    }

    /// Right after a label only an operator may follow.
    fn lex_operator_word(&mut self, label: &str) -> Result<Tok, RawError> {
        let ops: [(&[&[u8]], Tok); 5] = [
            (&[b"contains"], Tok::Contains),
            (&[b"starts", b"with"], Tok::StartsWith),
            (&[b"ends", b"with"], Tok::EndsWith),
            (&[b"not", b"in"], Tok::NotIn),
            (&[b"in"], Tok::In),
        ];
        for (words, tok) in ops {
            if self.eat_words(words) {
                return Ok(tok);
            }
        }
        if self.bytes.get(self.pos).copied().is_some_and(is_label_byte) {
            let start = self.pos;
            let word = self.label()?;
            return Err(RawError {
                at: start,
                message: format!(
                    "expected {OPERATOR_LIST} after the label `{label}`, found `{word}`"
                ),
            });
        }
        self.unknown_char()
    }

    fn lex_term_word(&mut self) -> Result<Tok, RawError> {
        if self.eat(b"has(") {
            self.skip_blanks();
            let name_start = self.pos;
            let name = self.label()?;
            if name.is_empty() {
                return Err(RawError {
                    at: name_start,
                    message: format!(
                        "expected a label name inside `has(`, found {}",
                        self.describe_here()
                    ),
                });
            }
            self.skip_blanks();
            if !self.eat(b")") {
                return Err(RawError {
                    at: self.pos,
                    message: format!(
                        "expected `)` to close `has({name}`, found {}",
                        self.describe_here()
                    ),
                });
            }
            return Ok(Tok::Has(name));
        }
        if self.eat(b"all(") {
            self.close_empty_call("all")?;
            return Ok(Tok::All);
        }
        if self.eat(b"global(") {
            self.close_empty_call("global")?;
            return Ok(Tok::Global);
        }
        let name = self.label()?;
        if name.is_empty() {
            return self.unknown_char();
        }
        Ok(Tok::Label(name))
    }

    fn unknown_char(&mut self) -> Result<Tok, RawError> {
        match self.input.get(self.pos..).and_then(|s| s.chars().next()) {
            Some(c) => {
                self.pos += c.len_utf8();
                Ok(Tok::Unknown(c))
            }
            None => Ok(Tok::Eof),
        }
    }
}

// ---------------------------------------------------------------------------
// Parser

struct Parser<'a> {
    lexer: Lexer<'a>,
    peeked: Option<(Tok, usize)>,
}

impl<'a> Parser<'a> {
    fn new(input: &'a str) -> Self {
        Parser {
            lexer: Lexer::new(input),
            peeked: None,
        }
    }

    fn error(&self, at: usize, message: String) -> SelectorError {
        let offset = self
            .lexer
            .input
            .get(..at)
            .map_or(at, |before| before.chars().count());
        SelectorError { offset, message }
    }

    fn lift(&self, raw: RawError) -> SelectorError {
        self.error(raw.at, raw.message)
    }

    fn peek(&mut self) -> Result<&Tok, SelectorError> {
        if self.peeked.is_none() {
            let next = self.lexer.next().map_err(|raw| self.lift(raw))?;
            self.peeked = Some(next);
        }
        match &self.peeked {
            Some((tok, _)) => Ok(tok),
            None => Ok(&Tok::Eof),
        }
    }

    fn bump(&mut self) -> Result<(Tok, usize), SelectorError> {
        self.peek()?;
        Ok(self.peeked.take().unwrap_or((Tok::Eof, self.lexer.pos)))
    }

    fn expected(&self, what: &str, found: &(Tok, usize)) -> SelectorError {
        self.error(
            found.1,
            format!("expected {what}, found {}", found.0.describe()),
        )
    }

    fn parse_selector(mut self) -> Result<Selector, SelectorError> {
        if *self.peek()? == Tok::Eof {
            return Ok(Selector { root: Node::All });
        }
        let root = self.parse_or(0)?;
        let next = self.bump()?;
        if next.0 != Tok::Eof {
            return Err(self.expected("`&&`, `||` or the end of the selector", &next));
        }
        Ok(Selector { root })
    }

    fn parse_or(&mut self, depth: usize) -> Result<Node, SelectorError> {
        let mut operands = vec![self.parse_and(depth)?];
        while *self.peek()? == Tok::Or {
            self.bump()?;
            operands.push(self.parse_and(depth)?);
        }
        Ok(Node::or(operands))
    }

    fn parse_and(&mut self, depth: usize) -> Result<Node, SelectorError> {
        let mut operands = vec![self.parse_unary(depth)?];
        while *self.peek()? == Tok::And {
            self.bump()?;
            operands.push(self.parse_unary(depth)?);
        }
        Ok(Node::and(operands))
    }

    fn parse_unary(&mut self, depth: usize) -> Result<Node, SelectorError> {
        let mut negated = false;
        while *self.peek()? == Tok::Not {
            self.bump()?;
            negated = !negated;
        }
        let term = self.parse_term(depth)?;
        Ok(if negated { term.negate() } else { term })
    }

    fn parse_term(&mut self, depth: usize) -> Result<Node, SelectorError> {
        let next = self.bump()?;
        match next.0 {
            Tok::All => Ok(Node::All),
            Tok::Global => Ok(Node::Global),
            Tok::Has(label) => Ok(Node::Has(label)),
            Tok::Label(label) => self.parse_label_operation(label),
            Tok::LParen => {
                if depth >= MAX_NESTING_DEPTH {
                    return Err(self.error(
                        next.1,
                        format!(
                            "expected at most {MAX_NESTING_DEPTH} levels of nested parentheses, found more"
                        ),
                    ));
                }
                let inner = self.parse_or(depth + 1)?;
                let close = self.bump()?;
                if close.0 != Tok::RParen {
                    return Err(self.expected("`&&`, `||` or `)`", &close));
                }
                Ok(inner)
            }
            _ => Err(self.expected(TERM_LIST, &next)),
        }
    }

    fn parse_label_operation(&mut self, label: String) -> Result<Node, SelectorError> {
        let op_tok = self.bump()?;
        let op = match op_tok.0 {
            Tok::Eq => CmpOp::Eq,
            Tok::Ne => CmpOp::Ne,
            Tok::Contains => CmpOp::Contains,
            Tok::StartsWith => CmpOp::StartsWith,
            Tok::EndsWith => CmpOp::EndsWith,
            Tok::In | Tok::NotIn => {
                let negated = op_tok.0 == Tok::NotIn;
                let values = self.parse_set(&op_tok.0)?;
                return Ok(Node::InSet {
                    label,
                    negated,
                    values,
                });
            }
            _ => {
                return Err(self.expected(
                    &format!("{OPERATOR_LIST} after the label `{label}`"),
                    &op_tok,
                ))
            }
        };
        let value = self.bump()?;
        match value.0 {
            Tok::Str(value) => Ok(Node::Compare { label, op, value }),
            _ => Err(self.expected(&format!("a quoted string after `{}`", op.as_str()), &value)),
        }
    }

    fn parse_set(&mut self, op: &Tok) -> Result<BTreeSet<String>, SelectorError> {
        let open = self.bump()?;
        if open.0 != Tok::LBrace {
            return Err(self.expected(
                &format!("a set such as {{'a', 'b'}} after {}", op.describe()),
                &open,
            ));
        }
        let mut values = BTreeSet::new();
        loop {
            let next = self.bump()?;
            match next.0 {
                Tok::RBrace => return Ok(values),
                Tok::Str(value) => {
                    values.insert(value);
                }
                _ => return Err(self.expected("a quoted string or `}` in the set", &next)),
            }
            let after = self.bump()?;
            match after.0 {
                Tok::RBrace => return Ok(values),
                Tok::Comma => {}
                _ => return Err(self.expected("`,` or `}` in the set", &after)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn canon(s: &str) -> String {
        parse(s)
            .unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
            .to_string()
    }

    #[test]
    fn valid_selectors_and_their_canonical_form() {
        let cases: &[(&str, &str)] = &[
            ("", "all()"),
            (" \t ", "all()"),
            ("all()", "all()"),
            (" all( ) ", "all()"),
            ("(all())", "all()"),
            ("global()", "global()"),
            ("global(\t)", "global()"),
            ("has(a)", "has(a)"),
            ("has( calico/k8s_NS-.1/role )", "has(calico/k8s_NS-.1/role)"),
            ("!has(a)", "!has(a)"),
            ("! has(a)", "!has(a)"),
            ("!!has(a)", "has(a)"),
            ("!! ! has(a)", "!has(a)"),
            ("!(!has(a))", "has(a)"),
            ("a == 'b'", r#"a == "b""#),
            (r#"a=="b""#, r#"a == "b""#),
            ("a!='b'", r#"a != "b""#),
            (r#"a == '"'"#, r#"a == '"'"#),
            (r#"a == "'""#, r#"a == "'""#),
            ("a == ''", r#"a == """#),
            ("a == 'two words'", r#"a == "two words""#),
            ("a == 'ünï ✓'", r#"a == "ünï ✓""#),
            ("a contains 'x'", r#"a contains "x""#),
            ("a contains'x'", r#"a contains "x""#),
            (
                "contains contains 'contains'",
                r#"contains contains "contains""#,
            ),
            ("a starts with 'x'", r#"a starts with "x""#),
            ("a startswith 'x'", r#"a starts with "x""#),
            ("a starts \t with 'x'", r#"a starts with "x""#),
            ("a ends with 'x'", r#"a ends with "x""#),
            ("a endswith 'x'", r#"a ends with "x""#),
            ("a in {}", "a in {}"),
            ("a in{'x'}", r#"a in {"x"}"#),
            ("a in {'x',}", r#"a in {"x"}"#),
            ("a in {'z', 'x', 'y', 'x'}", r#"a in {"x", "y", "z"}"#),
            (r#"a in {"'", '"', "c"}"#, r#"a in {'"', "'", "c"}"#),
            ("a not in {'x'}", r#"a not in {"x"}"#),
            ("a notin {'x'}", r#"a not in {"x"}"#),
            ("a not  in {}", "a not in {}"),
            ("in in {'in'}", r#"in in {"in"}"#),
            ("all == 'x'", r#"all == "x""#),
            ("has == 'x'", r#"has == "x""#),
            ("k8s-app == 'kube-dns'", r#"k8s-app == "kube-dns""#),
            (
                "projectcalico.org/namespace == 'kube-system'",
                r#"projectcalico.org/namespace == "kube-system""#,
            ),
            ("a.b/c/d == 'x'", r#"a.b/c/d == "x""#),
            ("123 == 'x'", r#"123 == "x""#),
            ("a == 'b' && c == 'd'", r#"a == "b" && c == "d""#),
            ("a == 'b'&&c == 'd'", r#"a == "b" && c == "d""#),
            ("a == 'b' || c == 'd'", r#"a == "b" || c == "d""#),
            (
                "a == 'b' && c == 'd' || e == 'f'",
                r#"a == "b" && c == "d" || e == "f""#,
            ),
            (
                "a == 'b' && (c == 'd' || e == 'f')",
                r#"a == "b" && (c == "d" || e == "f")"#,
            ),
            ("(has(a) && has(b)) && has(c)", "has(a) && has(b) && has(c)"),
            ("has(a) || (has(b) || has(c))", "has(a) || has(b) || has(c)"),
            ("!a == 'b' && c == 'd'", r#"!a == "b" && c == "d""#),
            ("!(a == 'b' && c == 'd')", r#"!(a == "b" && c == "d")"#),
            ("!(has(b) || !has(a))", "!(has(b) || !has(a))"),
            (r#"! (a == "b"&&! c != "d")"#, r#"!(a == "b" && !c != "d")"#),
            (
                "!(!(k == 'v' && has(t) || all()) && (a in {'b', 'c'}))",
                r#"!(!(k == "v" && has(t) || all()) && a in {"b", "c"})"#,
            ),
            ("((((has(a)))))", "has(a)"),
        ];
        for (input, expected) in cases {
            assert_eq!(&canon(input), expected, "canonical form of {input:?}");
        }
    }

    #[test]
    fn invalid_selectors_report_what_was_expected_and_where() {
        let cases: &[(&str, usize, &str)] = &[
            ("b", 1, "expected `==`, `!=`, `in`, `not in`, `contains`, `starts with` or `ends with` after the label `b`, found the end of the selector"),
            ("a ", 2, "after the label `a`, found the end of the selector"),
            ("a b", 2, "after the label `a`, found `b`"),
            ("a == b", 5, "expected a quoted string after `==`, found the label `b`"),
            ("b contains b", 11, "expected a quoted string after `contains`"),
            ("b starts with b", 14, "expected a quoted string after `starts with`"),
            ("b ends with b", 12, "expected a quoted string after `ends with`"),
            ("'b1' == b", 0, "expected a label, `has(...)`, `all()`, `global()`, `!` or `(`, found the string \"b1\""),
            ("!", 1, "found the end of the selector"),
            ("a = 'b'", 2, "expected `==`, found a single `=`"),
            ("foo == \"bar\" &", 13, "expected `&&`, found a single `&`"),
            ("foo == \"bar\" |", 13, "expected `||`, found a single `|`"),
            ("foo != ||", 7, "expected a quoted string after `!=`, found `||`"),
            ("foo in {\"\", ||", 12, "expected a quoted string or `}` in the set, found `||`"),
            ("foo in \"\"", 7, "expected a set such as {'a', 'b'} after `in`"),
            ("foo not in 'x'", 11, "after `not in`"),
            ("a in {,}", 6, "expected a quoted string or `}` in the set, found `,`"),
            ("a in {'x' 'y'}", 10, "expected `,` or `}` in the set, found the string \"y\""),
            ("a in {'x',,}", 10, "expected a quoted string or `}`"),
            ("a in {'x'", 9, "expected `,` or `}` in the set, found the end of the selector"),
            ("\"FOO", 0, "expected a closing `\"`"),
            ("\"FOO'", 0, "expected a closing `\"`"),
            ("'FOO", 0, "expected a closing `'`"),
            ("a == 'b", 5, "expected a closing `'`"),
            ("(", 1, "expected a label"),
            ("(a == \"foo\"", 11, "expected `&&`, `||` or `)`, found the end of the selector"),
            (")", 0, "expected a label, `has(...)`, `all()`, `global()`, `!` or `(`, found `)`"),
            ("()", 1, "found `)`"),
            ("%", 0, "found the character '%'"),
            ("a == \"b\" && %", 12, "found the character '%'"),
            ("a == \"b\" || %", 12, "found the character '%'"),
            ("has(foo) &&", 11, "found the end of the selector"),
            ("has(foo) has(bar)", 9, "expected `&&`, `||` or the end of the selector, found `has(bar)`"),
            ("a == 'b' c == 'd'", 9, "expected `&&`, `||` or the end of the selector, found the label `c`"),
            ("has()", 4, "expected a label name inside `has(`, found the character ')'"),
            ("has(foo", 7, "expected `)` to close `has(foo`, found the end of the selector"),
            ("has( foo ", 9, "expected `)` to close `has(foo`"),
            ("has (foo)", 4, "after the label `has`, found `(`"),
            ("has(a b)", 6, "expected `)` to close `has(a`, found the character 'b'"),
            ("all(", 4, "expected `)` after `all(`, found the end of the selector"),
            ("all(x)", 4, "expected `)` after `all(`, found the character 'x'"),
            ("global(", 7, "expected `)` after `global(`"),
            ("all ()", 4, "after the label `all`, found `(`"),
            ("label starts foo 'x'", 6, "after the label `label`, found `starts`"),
            ("label inf 'x'", 6, "after the label `label`, found `inf`"),
            ("label ends withs 'x'", 6, "after the label `label`, found `ends`"),
            ("label squiggles 'x'", 6, "after the label `label`, found `squiggles`"),
            ("a !in {}", 2, "after the label `a`, found `!`"),
            ("a == 'b'\n", 8, "found the character '\\n' (only spaces and tabs may separate tokens)"),
            ("a ==\n'b'", 4, "only spaces and tabs"),
            ("é == 'x'", 0, "found the character 'é'"),
            ("a == 'é' && ü", 12, "found the character 'ü'"),
            ("a == 'b' ) ", 9, "expected `&&`, `||` or the end of the selector, found `)`"),
        ];
        for (input, offset, fragment) in cases {
            let err = parse(input).expect_err(input);
            assert_eq!(err.offset, *offset, "offset for {input:?}: {err}");
            assert!(
                err.message.contains(fragment),
                "message for {input:?} should contain {fragment:?}, got {:?}",
                err.message
            );
        }
    }

    #[test]
    fn error_display_names_the_offset() {
        let err = parse("a ==").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid selector at character 4: expected a quoted string after `==`, found the end of the selector"
        );
        let as_error: &dyn std::error::Error = &err;
        assert!(as_error.source().is_none());
    }

    #[test]
    fn from_str_and_parse_agree() {
        let a: Selector = "has(a) && b in {'x'}".parse().unwrap();
        let b = parse("has(a)&&b in{'x'}").unwrap();
        assert_eq!(a, b);
        assert_eq!(
            "a ==".parse::<Selector>().unwrap_err(),
            parse("a ==").unwrap_err()
        );
    }

    #[test]
    fn label_length_limit() {
        let ok = format!("{} == 'v'", "a".repeat(MAX_LABEL_LENGTH));
        assert!(parse(&ok).is_ok());
        let too_long = format!("{} == 'v'", "a".repeat(MAX_LABEL_LENGTH + 1));
        let err = parse(&too_long).unwrap_err();
        assert_eq!(err.offset, 0);
        assert!(err.message.contains("at most 512"), "{}", err.message);
        let has_too_long = format!("has({})", "a".repeat(MAX_LABEL_LENGTH + 1));
        assert_eq!(parse(&has_too_long).unwrap_err().offset, 4);
    }

    #[test]
    fn nesting_depth_is_bounded() {
        let nested = |n: usize| format!("{}has(a){}", "(".repeat(n), ")".repeat(n));
        assert_eq!(canon(&nested(MAX_NESTING_DEPTH)), "has(a)");
        let err = parse(&nested(MAX_NESTING_DEPTH + 1)).unwrap_err();
        assert_eq!(err.offset, MAX_NESTING_DEPTH);
        assert!(
            err.message.contains("at most 128 levels"),
            "{}",
            err.message
        );

        // Far deeper input must fail cleanly, not overflow the stack.
        let deep = "(".repeat(1_000_000);
        assert_eq!(parse(&deep).unwrap_err().offset, MAX_NESTING_DEPTH);
        let deep_not = format!("{}has(a)", "!(".repeat(100_000));
        assert!(parse(&deep_not).is_err());

        // Negations without parentheses are a loop, not recursion.
        let many_nots = format!("{}has(a)", "!".repeat(100_001));
        assert_eq!(canon(&many_nots), "!has(a)");
    }

    #[test]
    fn deepest_accepted_selector_round_trips() {
        // Alternating operators at every level: the canonical form must not
        // need more parentheses than the input had.
        let mut s = String::from("has(z)");
        for i in 0..MAX_NESTING_DEPTH {
            s = if i % 2 == 0 {
                format!("has(a{i}) || !has(b{i}) && ({s})")
            } else {
                format!("!(has(a{i}) && {s}) || has(c{i})")
            };
        }
        let sel = parse(&s).unwrap();
        let printed = sel.to_string();
        let again = parse(&printed).unwrap();
        assert_eq!(again, sel);
        assert_eq!(again.to_string(), printed);
        // Matching works at full depth too.
        let _ = sel.matches(&labels(&[("a0", "")]));
    }

    #[test]
    fn matches_follows_calico_semantics() {
        type Case<'a> = (
            &'a str,
            &'a [&'a [(&'a str, &'a str)]],
            &'a [&'a [(&'a str, &'a str)]],
        );
        let cases: &[Case] = &[
            (
                "a == 'b'",
                &[&[("a", "b")], &[("a", "b"), ("c", "d")]],
                &[&[], &[("a", "c")], &[("c", "d")]],
            ),
            (
                "a != 'b'",
                &[&[], &[("a", "c")], &[("c", "b")]],
                &[&[("a", "b")]],
            ),
            (
                "a contains 'a'",
                &[&[("a", "a")], &[("a", "bab")]],
                &[&[], &[("a", "b")], &[("b", "aaa")]],
            ),
            (
                "a starts with 'a'",
                &[&[("a", "abb")]],
                &[&[], &[("a", "baa")]],
            ),
            (
                "a ends with 'a'",
                &[&[("a", "bba")]],
                &[&[], &[("a", "aab")]],
            ),
            ("a contains ''", &[&[("a", "")], &[("a", "x")]], &[&[]]),
            (
                "a in {'x', 'y'}",
                &[&[("a", "x")], &[("a", "y")]],
                &[&[], &[("a", "z")]],
            ),
            (
                "a not in {'x', 'y'}",
                &[&[], &[("a", "z")]],
                &[&[("a", "x")], &[("a", "y")]],
            ),
            ("a in {}", &[], &[&[], &[("a", "")]]),
            ("a not in {}", &[&[], &[("a", "")]], &[]),
            ("!a in {'a'}", &[&[("a", "b")], &[]], &[&[("a", "a")]]),
            (
                "has(a)",
                &[&[("a", "")], &[("a", "b")]],
                &[&[], &[("b", "a")]],
            ),
            ("!has(a)", &[&[], &[("b", "b")]], &[&[("a", "")]]),
            ("", &[&[], &[("a", "b")]], &[]),
            ("all()", &[&[]], &[]),
            ("global()", &[&[], &[("a", "b")]], &[]),
            (
                "a == 'a1' && b == 'b1'",
                &[&[("a", "a1"), ("b", "b1")]],
                &[&[("a", "a1")], &[("b", "b1")]],
            ),
            (
                "a == 'a1' || b == 'b1'",
                &[&[("a", "a1")], &[("b", "b1")]],
                &[&[], &[("a", "b1")]],
            ),
            (
                "! a == 'a1' || ! b == 'b1'",
                &[&[("a", "a1")], &[]],
                &[&[("a", "a1"), ("b", "b1")]],
            ),
            (
                "!(!has(a) || has(b))",
                &[&[("a", "a")]],
                &[&[("a", "a"), ("b", "")], &[]],
            ),
            (
                "has(a) && !has(b) || c == 'd'",
                &[&[("a", "")], &[("c", "d"), ("b", "")]],
                &[&[("a", ""), ("b", "")]],
            ),
            (
                "route-reflector == 'true'",
                &[&[("route-reflector", "true")]],
                &[&[("route-reflector", "True")]],
            ),
        ];
        for (selector, yes, no) in cases {
            let sel = parse(selector).unwrap();
            let reparsed = parse(&sel.to_string()).unwrap();
            for set in *yes {
                assert!(
                    sel.matches(&labels(set)),
                    "{selector:?} should match {set:?}"
                );
                assert!(
                    reparsed.matches(&labels(set)),
                    "canonical {selector:?} should match {set:?}"
                );
            }
            for set in *no {
                assert!(
                    !sel.matches(&labels(set)),
                    "{selector:?} should not match {set:?}"
                );
                assert!(
                    !reparsed.matches(&labels(set)),
                    "canonical {selector:?} should not match {set:?}"
                );
            }
        }
    }

    /// A small deterministic generator (no dependencies) for fuzz-style tests.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    const PIECES: &[&str] = &[
        "a",
        "b",
        "c/d",
        "x.y",
        " ",
        "\t",
        "==",
        "!=",
        "!",
        "&&",
        "||",
        "(",
        ")",
        "{",
        "}",
        ",",
        "'v'",
        "\"w\"",
        "''",
        "'\"'",
        "in",
        "not in",
        "notin",
        "contains",
        "starts with",
        "endswith",
        "has(a)",
        "has( b )",
        "all()",
        "global()",
        "has(",
        "=",
        "&",
        "|",
        "'",
        "\"",
        "\n",
        "é",
        "%",
        "has",
        "all",
    ];

    fn random_input(rng: &mut Rng) -> String {
        let len = rng.below(14);
        (0..len)
            .map(|_| PIECES[rng.below(PIECES.len())])
            .collect::<Vec<_>>()
            .join(if rng.below(2) == 0 { " " } else { "" })
    }

    fn random_labels(rng: &mut Rng) -> BTreeMap<String, String> {
        let keys = ["a", "b", "c/d", "x.y"];
        let values = ["v", "w", "", "\"", "vw"];
        let mut out = BTreeMap::new();
        for key in keys {
            if rng.below(2) == 0 {
                let value = values[rng.below(values.len())];
                out.insert(key.to_string(), value.to_string());
            }
        }
        out
    }

    #[test]
    fn random_inputs_never_panic_and_round_trip() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut accepted = 0;
        for _ in 0..50_000 {
            let input = random_input(&mut rng);
            match parse(&input) {
                Ok(sel) => {
                    accepted += 1;
                    let printed = sel.to_string();
                    let again = parse(&printed)
                        .unwrap_or_else(|e| panic!("canonical {printed:?} of {input:?}: {e}"));
                    assert_eq!(again, sel, "round trip of {input:?} via {printed:?}");
                    assert_eq!(again.to_string(), printed);
                    for _ in 0..4 {
                        let l = random_labels(&mut rng);
                        assert_eq!(sel.matches(&l), again.matches(&l), "{input:?} on {l:?}");
                    }
                }
                Err(err) => {
                    assert!(err.offset <= input.chars().count(), "{input:?}: {err}");
                    assert!(err.message.starts_with("expected "), "{input:?}: {err}");
                }
            }
        }
        assert!(accepted > 1_000, "generator too weak: {accepted} accepted");
    }

    #[test]
    fn double_negation_is_removed_without_changing_meaning() {
        let sel = parse("!(!(a == 'x'))").unwrap();
        assert_eq!(sel, parse("a == 'x'").unwrap());
        assert!(sel.matches(&labels(&[("a", "x")])));
        assert!(!sel.matches(&labels(&[])));
    }
}

/// The examples of this module's documentation, as tests (the module is
/// private, so rustdoc cannot run them).
#[cfg(test)]
mod examples {
    #![allow(clippy::unwrap_used)]
    #[test]
    fn example_module() -> Result<(), Box<dyn std::error::Error>> {
        use crate::selector::{parse, Selector, SelectorError};
        use std::collections::BTreeMap;

        let sel: Selector = "route-reflector == 'true' && !has(example.com/excluded)".parse()?;
        let mut labels = BTreeMap::new();
        labels.insert("route-reflector".to_string(), "true".to_string());
        assert!(sel.matches(&labels));
        labels.insert("example.com/excluded".to_string(), String::new());
        assert!(!sel.matches(&labels));

        // The canonical form uses double quotes and only the parentheses it needs.
        assert_eq!(
            sel.to_string(),
            r#"route-reflector == "true" && !has(example.com/excluded)"#
        );

        // Errors tell what was expected, and where (a character offset).
        let err = parse("zone in {'a' 'b'}").unwrap_err();
        assert_eq!(err.offset, 13);
        assert_eq!(
            err.message,
            "expected `,` or `}` in the set, found the string \"b\""
        );
        assert_eq!(
            err,
            SelectorError {
                offset: 13,
                message: err.message.clone()
            },
        );
        Ok(())
    }
}
