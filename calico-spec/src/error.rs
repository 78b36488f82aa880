//! Errors and warnings, in the shape of Kubernetes' `field.ErrorList`: each
//! error has a field path, a type, the bad value and a detail that says what
//! to change.

use crate::yaml::Location;
use serde::Serialize;
use std::fmt;

/// The kind of a field error, named as Kubernetes names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ErrorType {
    /// The value is malformed or out of range.
    #[serde(rename = "FieldValueInvalid")]
    Invalid,
    /// The value is not one of the supported values.
    #[serde(rename = "FieldValueNotSupported")]
    NotSupported,
    /// The value is not allowed in this combination.
    #[serde(rename = "FieldValueForbidden")]
    Forbidden,
    /// A value is missing.
    #[serde(rename = "FieldValueRequired")]
    Required,
    /// The value is given twice.
    #[serde(rename = "FieldValueDuplicate")]
    Duplicate,
    /// The value has the wrong type (or the field is unknown).
    #[serde(rename = "FieldValueTypeInvalid")]
    TypeInvalid,
}

impl ErrorType {
    /// Kubernetes' name, e.g. `FieldValueInvalid`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorType::Invalid => "FieldValueInvalid",
            ErrorType::NotSupported => "FieldValueNotSupported",
            ErrorType::Forbidden => "FieldValueForbidden",
            ErrorType::Required => "FieldValueRequired",
            ErrorType::Duplicate => "FieldValueDuplicate",
            ErrorType::TypeInvalid => "FieldValueTypeInvalid",
        }
    }

    /// The phrase Kubernetes prints, e.g. `Unsupported value`.
    pub fn phrase(self) -> &'static str {
        match self {
            ErrorType::Invalid => "Invalid value",
            ErrorType::NotSupported => "Unsupported value",
            ErrorType::Forbidden => "Forbidden",
            ErrorType::Required => "Required value",
            ErrorType::Duplicate => "Duplicate value",
            ErrorType::TypeInvalid => "Invalid type",
        }
    }
}

/// One problem with one field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldError {
    /// The field path as kOps writes it, e.g. `spec.networking.calico.ipipMode`;
    /// `document 2 (Cluster)` for a whole document of a stream; empty for
    /// an error about the input as a whole (no document, a syntax error).
    pub path: String,
    /// The error type.
    #[serde(rename = "type")]
    pub error_type: ErrorType,
    /// The offending value, where there is one.
    pub value: serde_json::Value,
    /// What is wrong and what to change.
    pub message: String,
    /// Where the field is in the input, when known (`line` and `column` in
    /// JSON).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

/// Sorts errors by their place in the input (stable: errors at one place,
/// and errors without a place, which come last, keep their order).
pub(crate) fn sort_in_file_order(errors: &mut [FieldError]) {
    errors.sort_by_key(|e| {
        e.location
            .map_or((usize::MAX, usize::MAX), |l| (l.line, l.column))
    });
}

impl FieldError {
    /// A new error without a location.
    pub fn new(
        path: impl Into<String>,
        error_type: ErrorType,
        value: impl Into<serde_json::Value>,
        message: impl Into<String>,
    ) -> Self {
        FieldError {
            path: path.into(),
            error_type,
            value: value.into(),
            message: shorten(message.into()),
            location: None,
        }
    }
}

/// Longest message kept: a message quoting a huge value is cut.
const MAX_MESSAGE_CHARS: usize = 400;

fn shorten(message: String) -> String {
    if message.chars().count() <= MAX_MESSAGE_CHARS {
        return message;
    }
    let cut: String = message.chars().take(MAX_MESSAGE_CHARS).collect();
    format!("{cut}… (message shortened)")
}

impl fmt::Display for FieldError {
    /// As the CLI prints it, without the file name: `line:column: path:
    /// message` (the parts that are known).
    ///
    /// ```
    /// use calico_spec::{ErrorType, FieldError, Location};
    /// let mut e = FieldError::new("spec.networking.calico.mtu", ErrorType::Invalid, 5, "too small");
    /// assert_eq!(e.to_string(), "spec.networking.calico.mtu: too small");
    /// e.location = Some(Location { line: 7, column: 12 });
    /// assert_eq!(e.to_string(), "7:12: spec.networking.calico.mtu: too small");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(l) = self.location {
            write!(f, "{}:{}: ", l.line, l.column)?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

/// Advice: rendering goes on, but the user should look.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Warning {
    /// The field the advice is about.
    pub path: String,
    /// The advice.
    pub message: String,
}

impl Warning {
    /// A new warning.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Why an input could not be read as a spec.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ParseError {
    /// The input is larger than [`crate::limits::MAX_INPUT_BYTES`].
    #[error("input exceeds the limit of {limit} bytes (8 MiB)")]
    TooLarge {
        /// Size of the input.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The input is not UTF-8.
    #[error("input is not valid UTF-8 (first bad byte at line {}, column {})", .location.line, .location.column)]
    NotUtf8 {
        /// Where the first bad byte is.
        location: Location,
    },
    /// The YAML itself is malformed or exceeds a limit.
    #[error("{}{message}", .location.map(|l| format!("{}:{}: ", l.line, l.column)).unwrap_or_default())]
    Syntax {
        /// What is wrong.
        message: String,
        /// Where.
        location: Option<Location>,
    },
    /// The YAML is well formed but is not a spec: wrong types, unknown
    /// fields, a missing or unexpected document.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<FieldError>),
    /// A bug of calico-spec, not of the input (an embedded schema that
    /// does not load).
    #[error("internal: {0}")]
    Internal(String),
}

impl ParseError {
    /// The location of the first problem, if known.
    pub fn location(&self) -> Option<Location> {
        match self {
            ParseError::TooLarge { .. } | ParseError::Internal(_) => None,
            ParseError::NotUtf8 { location } => Some(*location),
            ParseError::Syntax { location, .. } => *location,
            ParseError::Invalid(errors) => errors.iter().find_map(|e| e.location),
        }
    }

    /// The problems as field errors (a syntax error becomes one error with
    /// an empty path: it is about the text, not a field).
    pub fn field_errors(&self) -> Vec<FieldError> {
        match self {
            ParseError::Invalid(errors) => errors.clone(),
            other => {
                let mut e = FieldError::new(
                    "",
                    ErrorType::Invalid,
                    serde_json::Value::Null,
                    match other {
                        ParseError::Syntax { message, .. } => message.clone(),
                        _ => other.to_string(),
                    },
                );
                e.location = other.location();
                vec![e]
            }
        }
    }
}
