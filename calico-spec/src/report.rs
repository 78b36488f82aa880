//! Human-readable diagnostics: `file:line:column: path: message`, with a
//! snippet of the offending line where the source is at hand.

use crate::error::{FieldError, ParseError, Warning};
use crate::yaml::Location;

/// Formats one error as `file:line:column: path: message` (or `file: path:
/// message` when the location is unknown).
///
/// ```
/// use calico_spec::{FieldError, ErrorType, Location, report};
/// let mut e = FieldError::new("spec.networking.calico.mtu", ErrorType::Invalid, 5, "too small");
/// e.location = Some(Location { line: 7, column: 12 });
/// assert_eq!(report::error_line("spec.yaml", &e), "spec.yaml:7:12: spec.networking.calico.mtu: too small");
/// ```
pub fn error_line(source_name: &str, e: &FieldError) -> String {
    let place = match e.location {
        Some(l) => format!("{source_name}:{}:{}", l.line, l.column),
        None => source_name.to_string(),
    };
    if e.path.is_empty() {
        format!("{place}: {}", e.message)
    } else {
        format!("{place}: {}: {}", e.path, e.message)
    }
}

/// Formats one warning as `file: path: message`.
pub fn warning_line(source_name: &str, w: &Warning) -> String {
    format!("{source_name}: warning: {}: {}", w.path, w.message)
}

/// The lines for a list of errors, each followed by a snippet of its source
/// line when `source` is given and the location is known.
pub fn error_lines(source_name: &str, source: Option<&str>, errors: &[FieldError]) -> Vec<String> {
    let mut out = Vec::new();
    for e in errors {
        out.push(error_line(source_name, e));
        if let (Some(src), Some(loc)) = (source, e.location) {
            out.extend(snippet(src, loc));
        }
    }
    out
}

/// The lines describing a parse error, each error with a snippet of its
/// source line when `source` is given.
pub fn parse_error_lines(source_name: &str, source: Option<&str>, e: &ParseError) -> Vec<String> {
    let mut out = Vec::new();
    match e {
        ParseError::Invalid(errors) => out.extend(error_lines(source_name, source, errors)),
        other => {
            let text = match other {
                ParseError::Syntax { message, .. } => message.clone(),
                _ => other.to_string(),
            };
            let head = match other.location() {
                Some(l) => format!("{source_name}:{}:{}: {text}", l.line, l.column),
                None => format!("{source_name}: {text}"),
            };
            out.push(head);
            if let (Some(src), Some(loc)) = (source, other.location()) {
                out.extend(snippet(src, loc));
            }
        }
    }
    out
}

/// Two lines: the source line (shortened, control characters escaped) and a
/// caret under the column.
pub fn snippet(source: &str, location: Location) -> Vec<String> {
    let Some(line) = source.lines().nth(location.line.saturating_sub(1)) else {
        return Vec::new();
    };
    let shown: String = line
        .chars()
        .take(120)
        .map(|c| if c.is_control() { '·' } else { c })
        .collect();
    let caret_pos = location.column.saturating_sub(1).min(shown.chars().count());
    vec![
        format!("    | {shown}"),
        format!("    | {}^", " ".repeat(caret_pos)),
    ]
}

/// The verdict on one input: what `calico-render validate` prints.
///
/// Serializes exactly as `{"valid": bool, "errors": [{"path", "type",
/// "value", "message"}], "warnings": [{"path", "message"}]}`.
///
/// ```
/// use calico_spec::report::Validation;
/// let v = Validation::of(b"networking: {calico: {ipipMode: Sometimes}}", &Default::default(), false);
/// assert!(!v.valid);
/// assert_eq!(v.errors[0].path, "spec.networking.calico.ipipMode");
/// let json = serde_json::to_value(&v).unwrap();
/// assert_eq!(json["errors"][0]["type"], "FieldValueNotSupported");
/// ```
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Validation {
    /// True when there is no error (and, with `strict`, no warning).
    pub valid: bool,
    /// Every error: parse errors, or kOps's and calico-render's rules.
    pub errors: Vec<FieldError>,
    /// Every warning.
    pub warnings: Vec<Warning>,
}

impl Validation {
    /// Parses, resolves and validates `input`, in one pass: where the
    /// parser finds field errors (unknown fields, wrong types, values out of
    /// range), the rules still check the fields that parsed, and every error
    /// is reported, in file order (a rule's error at a path the parser
    /// already reported is left out).
    ///
    /// ```
    /// use calico_spec::report::Validation;
    /// let input = b"networking:\n  calico:\n    encapsulationMod: vxlan\n    ipipMode: Sometimes\n    mtu: abc\n";
    /// let v = Validation::of(input, &Default::default(), false);
    /// let paths: Vec<&str> = v.errors.iter().map(|e| e.path.as_str()).collect();
    /// assert_eq!(paths, [
    ///     "spec.networking.calico.encapsulationMod",
    ///     "spec.networking.calico.ipipMode",
    ///     "spec.networking.calico.mtu",
    /// ]);
    /// ```
    pub fn of(input: &[u8], options: &crate::Options, strict: bool) -> Validation {
        let (errors, warnings) = match crate::parse::parse_bytes_partial(input) {
            (Err(e), partial) => {
                let mut errors = e.field_errors();
                if let Some(Err(invalid)) = partial.map(|p| crate::resolve(&p, options)) {
                    let rules: Vec<FieldError> = invalid
                        .errors
                        .into_iter()
                        .filter(|r| !errors.iter().any(|e| e.path == r.path))
                        .collect();
                    errors.extend(rules);
                    crate::error::sort_in_file_order(&mut errors);
                }
                (errors, Vec::new())
            }
            (Ok(parsed), _) => match crate::resolve(&parsed, options) {
                Ok(r) => (Vec::new(), r.warnings),
                Err(invalid) => (invalid.errors, invalid.warnings),
            },
        };
        Validation {
            valid: errors.is_empty() && (!strict || warnings.is_empty()),
            errors,
            warnings,
        }
    }

    /// The report as lines for people: errors (with snippets) then warnings.
    pub fn lines(&self, source_name: &str, source: Option<&str>) -> Vec<String> {
        let mut out = error_lines(source_name, source, &self.errors);
        for w in &self.warnings {
            out.push(warning_line(source_name, w));
        }
        out
    }
}
