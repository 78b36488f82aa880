//! The kOps era whose defaults and rules apply. (The Calico release whose
//! manifest shape is rendered is [`Release`](crate::Release).)

use std::fmt;

/// A kOps release line, `major.minor` (e.g. 1.36). Selects the defaulting
/// and validation era; the manifest's structure does not depend on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KopsVersion {
    /// Major version (1).
    pub major: u16,
    /// Minor version.
    pub minor: u16,
}

impl KopsVersion {
    /// The kOps behaviour calico-render follows by default: kOps 1.36 (its
    /// newest release line; kOps master, which pins Calico v3.31.6, defaults
    /// and validates the same way).
    pub const CURRENT: KopsVersion = KopsVersion::new(1, 36);
    /// The oldest era calico-render models.
    pub const OLDEST: KopsVersion = KopsVersion::new(1, 19);

    /// A version from its parts.
    pub const fn new(major: u16, minor: u16) -> Self {
        KopsVersion { major, minor }
    }

    /// Whether this version is `major.minor` or newer.
    pub fn at_least(self, major: u16, minor: u16) -> bool {
        self >= KopsVersion::new(major, minor)
    }
}

impl Default for KopsVersion {
    fn default() -> Self {
        KopsVersion::CURRENT
    }
}

impl fmt::Display for KopsVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// Why a kOps version string was not accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("kOps version {0:?} is not supported: give MAJOR.MINOR between 1.19 and {current} (e.g. 1.28)", current = KopsVersion::CURRENT)]
pub struct KopsVersionError(pub String);

impl std::str::FromStr for KopsVersion {
    type Err = KopsVersionError;

    /// Parses `1.28`, `v1.28` or `1.28.3` (the patch is ignored).
    ///
    /// ```
    /// use calico_spec::KopsVersion;
    /// assert_eq!("v1.28.3".parse::<KopsVersion>().unwrap(), KopsVersion::new(1, 28));
    /// assert!("1.5".parse::<KopsVersion>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || KopsVersionError(s.to_string());
        let t = s.trim().trim_start_matches('v');
        let mut parts = t.split('.');
        let major: u16 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(err)?;
        let minor: u16 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(err)?;
        if let Some(patch) = parts.next() {
            patch.parse::<u16>().map_err(|_| err())?;
        }
        if parts.next().is_some() {
            return Err(err());
        }
        let v = KopsVersion::new(major, minor);
        if v < KopsVersion::OLDEST || v > KopsVersion::CURRENT {
            return Err(err());
        }
        Ok(v)
    }
}
