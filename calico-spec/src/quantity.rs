//! Kubernetes resource quantities (`250m`, `0.5`, `1Gi`), parsed and printed
//! in the canonical form the API server (and kOps's template) prints.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A Kubernetes quantity, kept in canonical form.
///
/// ```
/// use calico_spec::Quantity;
/// assert_eq!("0.5".parse::<Quantity>().unwrap().to_string(), "500m");
/// assert_eq!("1000m".parse::<Quantity>().unwrap().to_string(), "1");
/// assert!("lots".parse::<Quantity>().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Quantity {
    canonical: String,
    negative: bool,
}

/// Why a string is not a quantity.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a Kubernetes quantity (examples: 250m, 0.5, 1, 2Gi)")]
pub struct QuantityError(pub String);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    DecimalSi,
    BinarySi,
    DecimalExponent,
}

const DECIMAL: &[(&str, i32)] = &[
    ("n", -9),
    ("u", -6),
    ("m", -3),
    ("", 0),
    ("k", 3),
    ("M", 6),
    ("G", 9),
    ("T", 12),
    ("P", 15),
    ("E", 18),
];
const BINARY: &[(&str, u32)] = &[
    ("Ki", 10),
    ("Mi", 20),
    ("Gi", 30),
    ("Ti", 40),
    ("Pi", 50),
    ("Ei", 60),
];

/// Largest number of significant digits accepted (far beyond any real request).
const MAX_DIGITS: usize = 30;

impl Quantity {
    /// The canonical text, e.g. `500m`.
    pub fn as_str(&self) -> &str {
        &self.canonical
    }

    /// Whether the quantity is below zero.
    pub fn is_negative(&self) -> bool {
        self.negative
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical)
    }
}

impl std::str::FromStr for Quantity {
    type Err = QuantityError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        parse(input.trim()).ok_or_else(|| QuantityError(input.to_string()))
    }
}

fn parse(s: &str) -> Option<Quantity> {
    let (negative, rest) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let number_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let (number, suffix) = rest.split_at(number_end);
    let (int_part, frac_part) = match number.split_once('.') {
        Some((i, f)) => (i, f),
        None => (number, ""),
    };
    if (int_part.is_empty() && frac_part.is_empty()) || frac_part.contains('.') {
        return None;
    }
    let (format, exp10, exp2) = if let Some((_, e)) = DECIMAL.iter().find(|(n, _)| *n == suffix) {
        (Format::DecimalSi, *e, 0)
    } else if let Some((_, e)) = BINARY.iter().find(|(n, _)| *n == suffix) {
        (Format::BinarySi, 0, *e)
    } else if let Some(e) = suffix.strip_prefix(['e', 'E']) {
        let e: i32 = e.parse().ok()?;
        if !(-100..=100).contains(&e) {
            return None;
        }
        (Format::DecimalExponent, e, 0)
    } else {
        return None;
    };
    // value = digits * 10^(exp10 - frac_len) * 2^exp2
    let digits = format!("{int_part}{frac_part}");
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Some(Quantity {
            canonical: "0".into(),
            negative: false,
        });
    }
    if digits.len() > MAX_DIGITS {
        return None;
    }
    let mut mantissa: u128 = digits.parse().ok()?;
    let mut exponent = exp10 - frac_part.len() as i32;
    mantissa = mantissa.checked_mul(1u128.checked_shl(exp2)?)?;
    // Round anything finer than 1n up to 1n.
    if exponent < -9 {
        let shift = (-9 - exponent) as u32;
        let div = 10u128.checked_pow(shift).unwrap_or(u128::MAX);
        let q = mantissa / div;
        mantissa = if mantissa.is_multiple_of(div) {
            q
        } else {
            q + 1
        };
        exponent = -9;
    }
    let sign = if negative { "-" } else { "" };

    let mut format = format;
    if format == Format::BinarySi {
        // Binary form only for whole numbers of at least 1024.
        let whole = if exponent >= 0 {
            10u128
                .checked_pow(exponent as u32)
                .and_then(|p| mantissa.checked_mul(p))
        } else {
            let div = 10u128.pow((-exponent) as u32);
            mantissa.is_multiple_of(div).then(|| mantissa / div)
        };
        match whole {
            Some(mut v) if v >= 1024 => {
                let mut e = 0;
                while v.is_multiple_of(1024) && e < 60 {
                    v /= 1024;
                    e += 10;
                }
                let suffix = BINARY
                    .iter()
                    .find(|(_, x)| *x == e)
                    .map(|(n, _)| *n)
                    .unwrap_or("");
                return Some(Quantity {
                    canonical: format!("{sign}{v}{suffix}"),
                    negative,
                });
            }
            _ => format = Format::DecimalSi,
        }
    }
    while mantissa.is_multiple_of(10) {
        mantissa /= 10;
        exponent += 1;
    }
    while exponent.rem_euclid(3) != 0 {
        mantissa = mantissa.checked_mul(10)?;
        exponent -= 1;
    }
    let suffix = match format {
        Format::DecimalExponent if exponent == 0 => String::new(),
        Format::DecimalExponent => format!("e{exponent}"),
        _ => {
            if exponent > 18 {
                let extra = (exponent - 18) as u32;
                mantissa = mantissa.checked_mul(10u128.checked_pow(extra)?)?;
                exponent = 18;
            }
            DECIMAL
                .iter()
                .find(|(_, x)| *x == exponent)
                .map(|(n, _)| n.to_string())
                .unwrap_or_default()
        }
    };
    Some(Quantity {
        canonical: format!("{sign}{mantissa}{suffix}"),
        negative,
    })
}

impl Serialize for Quantity {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.canonical)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        let text = match &value {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            other => {
                return Err(serde::de::Error::custom(format!(
                    "expected a quantity, found {other}"
                )))
            }
        };
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Quantity {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Quantity".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A Kubernetes quantity such as 250m, 0.5 or 1.",
            "anyOf": [
                {"type": "string", "pattern": "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?[0-9]+))?$"},
                {"type": "number"}
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn canon(s: &str) -> String {
        s.parse::<Quantity>().unwrap().to_string()
    }

    #[test]
    fn canonical_forms_match_kubernetes() {
        for (input, want) in [
            ("0.5", "500m"),
            ("0.25", "250m"),
            ("1000m", "1"),
            ("1", "1"),
            ("250m", "250m"),
            ("100m", "100m"),
            ("1.5", "1500m"),
            ("1500", "1500"),
            ("2k", "2k"),
            ("0", "0"),
            ("0.0", "0"),
            ("1Ki", "1Ki"),
            ("1024Ki", "1Mi"),
            ("0.5Ki", "512"),
            ("1e3", "1e3"),
            ("1.5e3", "1500"),
            ("0.0000000001", "1n"),
            ("-1", "-1"),
            ("+2", "2"),
            (".5", "500m"),
        ] {
            assert_eq!(canon(input), want, "input {input}");
        }
    }

    #[test]
    fn rejects_non_quantities() {
        for bad in [
            "",
            "m",
            "abc",
            "1..2",
            "1.2.3",
            "1x",
            "1 m",
            "--1",
            "1e",
            "1e1000",
            "99999999999999999999999999999999999",
        ] {
            assert!(bad.parse::<Quantity>().is_err(), "{bad:?} parsed");
        }
    }
}
