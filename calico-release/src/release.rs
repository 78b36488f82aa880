//! The release type.

use std::fmt;

/// A Calico release, `vMAJOR.MINOR.PATCH` (e.g. `v3.31.6`): the release
/// whose manifest shape calico-render renders.
///
/// Any well-formed version parses; whether calico-render knows the release
/// is [`Release::facts`]'s answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Release {
    major: u16,
    minor: u16,
    patch: u16,
}

impl Release {
    /// The release rendered when nothing chooses another: v3.31.6, the one
    /// kOps master pins.
    pub const DEFAULT: Release = Release::new(3, 31, 6);

    /// `vMAJOR.MINOR.PATCH`.
    pub const fn new(major: u16, minor: u16, patch: u16) -> Release {
        Release {
            major,
            minor,
            patch,
        }
    }

    /// The major version (3).
    pub fn major(self) -> u16 {
        self.major
    }

    /// The minor version (31 for v3.31.6).
    pub fn minor(self) -> u16 {
        self.minor
    }

    /// The patch version (6 for v3.31.6).
    pub fn patch(self) -> u16 {
        self.patch
    }

    /// Whether this release is `major.minor` or newer.
    ///
    /// ```
    /// use calico_release::Release;
    /// assert!(Release::new(3, 31, 6).at_least(3, 30));
    /// assert!(!Release::new(3, 29, 4).at_least(3, 30));
    /// ```
    pub fn at_least(self, major: u16, minor: u16) -> bool {
        (self.major, self.minor) >= (major, minor)
    }

    /// Every release calico-render knows, oldest first.
    pub fn known() -> impl Iterator<Item = &'static crate::Facts> {
        crate::RELEASES.iter()
    }

    /// What calico-render knows of this release, or an error naming the
    /// releases it knows.
    ///
    /// ```
    /// use calico_release::Release;
    /// assert_eq!(Release::new(3, 29, 4).facts()?.crds.len(), 20);
    /// assert!(Release::new(3, 29, 8).facts().is_err());
    /// # Ok::<(), calico_release::ReleaseError>(())
    /// ```
    pub fn facts(self) -> Result<&'static crate::Facts, ReleaseError> {
        crate::RELEASES
            .iter()
            .find(|facts| facts.release == self)
            .ok_or(ReleaseError::Unknown(self))
    }

    /// The known release whose shape this release renders in: itself when
    /// known; for an unknown patch of a known minor, the newest known patch
    /// below it (or, below them all, the oldest known patch of the minor).
    /// An unknown minor is an error naming the known releases.
    ///
    /// ```
    /// use calico_release::Release;
    /// let shape_of = |r: Release| r.nearest().map(|facts| facts.release);
    /// assert_eq!(shape_of(Release::new(3, 29, 5))?, Release::new(3, 29, 5));
    /// assert_eq!(shape_of(Release::new(3, 29, 9))?, Release::new(3, 29, 7));
    /// assert_eq!(shape_of(Release::new(3, 32, 2))?, Release::new(3, 32, 1));
    /// assert!(Release::new(3, 26, 1).nearest().is_err());
    /// # Ok::<(), calico_release::ReleaseError>(())
    /// ```
    pub fn nearest(self) -> Result<&'static crate::Facts, ReleaseError> {
        let same_minor = || {
            crate::RELEASES
                .iter()
                .filter(move |f| (f.release.major, f.release.minor) == (self.major, self.minor))
        };
        same_minor()
            .rfind(|f| f.release <= self)
            .or_else(|| same_minor().next())
            .ok_or(ReleaseError::Unknown(self))
    }
}

impl Default for Release {
    fn default() -> Self {
        Release::DEFAULT
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl serde::Serialize for Release {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Why a release was not accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReleaseError {
    /// Not of the form `vMAJOR.MINOR.PATCH`: `latest`, a pre-release
    /// (`v3.32.0-0.dev`), a bare minor (`v3.31`).
    #[error("{0:?} is not a Calico release: write vMAJOR.MINOR.PATCH, one of {known}", known = Release::known_summary())]
    Malformed(String),
    /// The digits without the leading `v` (`3.31.6`). Calico's image tags
    /// start with `v`, so kOps, which prints the version into the image
    /// references, would pull an image that does not exist.
    #[error("{0:?} lacks the leading v of Calico's image tags: write v{0}")]
    MissingV(String),
    /// Well-formed, but not a release calico-render knows.
    #[error("Calico {0} is not a release calico-render knows (it knows {known})", known = Release::known_summary())]
    Unknown(Release),
}

impl Release {
    /// The known releases in short: each run of consecutive patches of a
    /// minor as `first–last`.
    ///
    /// ```
    /// let summary = calico_release::Release::known_summary();
    /// assert!(summary.starts_with("v3.27.0–v3.27.5, v3.28.0–v3.28.5"));
    /// ```
    pub fn known_summary() -> String {
        let mut runs: Vec<(Release, Release)> = Vec::new();
        for facts in crate::RELEASES {
            let r = facts.release;
            match runs.last_mut() {
                Some((_, last))
                    if (last.major, last.minor) == (r.major, r.minor)
                        && last.patch.checked_add(1) == Some(r.patch) =>
                {
                    *last = r
                }
                _ => runs.push((r, r)),
            }
        }
        runs.iter()
            .map(|(first, last)| {
                if first == last {
                    first.to_string()
                } else {
                    format!("{first}–{last}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl std::str::FromStr for Release {
    type Err = ReleaseError;

    /// Parses `v3.31.6`, as Calico tags its releases and images.
    ///
    /// ```
    /// use calico_release::{Release, ReleaseError};
    /// assert_eq!("v3.31.6".parse::<Release>()?, Release::new(3, 31, 6));
    /// assert_eq!("3.31.6".parse::<Release>(), Err(ReleaseError::MissingV("3.31.6".into())));
    /// assert!("v3.31".parse::<Release>().is_err());
    /// assert!("latest".parse::<Release>().is_err());
    /// # Ok::<(), calico_release::ReleaseError>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let malformed = || ReleaseError::Malformed(s.to_string());
        let Some(digits) = s.strip_prefix('v') else {
            return match format!("v{s}").parse::<Release>() {
                Ok(_) => Err(ReleaseError::MissingV(s.to_string())),
                Err(_) => Err(malformed()),
            };
        };
        let mut parts = digits.split('.').map(|part| {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            part.parse::<u16>().ok()
        });
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(Some(major)), Some(Some(minor)), Some(Some(patch)), None) => {
                Ok(Release::new(major, minor, patch))
            }
            _ => Err(malformed()),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn parses_and_prints() {
        for (text, want) in [("v3.31.6", "v3.31.6"), ("v3.27.0", "v3.27.0")] {
            assert_eq!(text.parse::<Release>().unwrap().to_string(), want);
        }
        for bad in [
            "",
            "v",
            "v3",
            "v3.31",
            "v3.31.6.1",
            "v3.31.x",
            "v3..6",
            "v+3.31.6",
            "latest",
            "v3.31.99999",
            "v3.32.0-0.dev",
            "v3.31.6 ",
            "3.31",
        ] {
            assert_eq!(
                bad.parse::<Release>(),
                Err(ReleaseError::Malformed(bad.to_string())),
                "{bad}"
            );
        }
    }

    #[test]
    fn orders_by_version() {
        assert!(r("v3.9.0") < r("v3.27.0"));
        assert!(r("v3.31.6") < r("v3.31.7"));
    }

    #[test]
    fn an_unknown_release_names_the_known_ones() {
        let err = Release::new(3, 99, 0).facts().unwrap_err();
        assert_eq!(
            err.to_string(),
            "Calico v3.99.0 is not a release calico-render knows (it knows v3.27.0–v3.27.5, \
             v3.28.0–v3.28.5, v3.29.0–v3.29.7, v3.30.0–v3.30.7, v3.31.0–v3.31.7, v3.32.0–v3.32.1)"
        );
        assert_eq!(
            "3.29.4".parse::<Release>().unwrap_err().to_string(),
            "\"3.29.4\" lacks the leading v of Calico's image tags: write v3.29.4"
        );
    }

    #[test]
    fn an_unknown_patch_takes_a_known_shape_of_its_minor() {
        let nearest = |s: &str| r(s).nearest().map(|f| f.release.to_string());
        assert_eq!(nearest("v3.27.6").unwrap(), "v3.27.5");
        assert_eq!(nearest("v3.27.0").unwrap(), "v3.27.0");
        assert_eq!(nearest("v3.32.2").unwrap(), "v3.32.1");
        assert_eq!(nearest("v3.31.9").unwrap(), "v3.31.7");
        assert_eq!(nearest("v3.31.6").unwrap(), "v3.31.6");
        for unknown in ["v3.26.4", "v3.33.0", "v4.31.6"] {
            assert_eq!(r(unknown).nearest(), Err(ReleaseError::Unknown(r(unknown))));
        }
    }

    fn r(s: &str) -> Release {
        s.parse().unwrap()
    }
}
