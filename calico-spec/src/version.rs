//! The kOps era whose defaults and rules apply, and the Calico release each
//! kOps line pins. (The Calico release whose manifest shape is rendered is
//! [`Release`].)

use calico_release::Release;
use std::fmt;

/// A kOps release line, `major.minor` (e.g. 1.36). Selects the defaulting
/// and validation era, kOps's overlay on Calico's manifest, and the Calico
/// release rendered when the spec names none ([`KopsVersion::pin`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KopsVersion {
    /// Major version (1).
    pub major: u16,
    /// Minor version.
    pub minor: u16,
}

impl KopsVersion {
    /// The kOps behaviour calico-render follows by default: kOps master,
    /// the 1.37 line in development, which pins Calico v3.31.6 (it defaults
    /// and validates as 1.36 does).
    pub const CURRENT: KopsVersion = KopsVersion::new(1, 37);
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

    /// The Calico release this kOps line installs when the spec names none:
    /// the pin of its newest patch release (1.36 is v1.36.2, which pins
    /// v3.31.3). `None` before 1.28: those lines pin releases older than
    /// any calico-render renders.
    ///
    /// ```
    /// use calico_spec::{KopsVersion, Release};
    /// assert_eq!(KopsVersion::new(1, 36).pin(), Some(Release::new(3, 31, 3)));
    /// assert_eq!(KopsVersion::CURRENT.pin(), Some(Release::DEFAULT));
    /// assert_eq!(KopsVersion::new(1, 27).pin(), None);
    /// ```
    pub fn pin(self) -> Option<Release> {
        PINS.iter()
            .find(|(line, _)| *line == self)
            .map(|(_, release)| *release)
    }

    /// Every kOps line with a pin calico-render renders, oldest first, with
    /// its pin.
    pub fn pins() -> impl Iterator<Item = (KopsVersion, Release)> {
        PINS.iter().copied()
    }
}

/// What each kOps line pins: the default of `networking.calico.version` in
/// the Calico addon template of the line's newest patch release (master for
/// 1.37).
const PINS: &[(KopsVersion, Release)] = &[
    (KopsVersion::new(1, 28), Release::new(3, 27, 3)),
    (KopsVersion::new(1, 29), Release::new(3, 27, 3)),
    (KopsVersion::new(1, 30), Release::new(3, 27, 3)),
    (KopsVersion::new(1, 31), Release::new(3, 27, 3)),
    (KopsVersion::new(1, 32), Release::new(3, 29, 4)),
    (KopsVersion::new(1, 33), Release::new(3, 29, 4)),
    (KopsVersion::new(1, 34), Release::new(3, 30, 3)),
    (KopsVersion::new(1, 35), Release::new(3, 31, 3)),
    (KopsVersion::new(1, 36), Release::new(3, 31, 3)),
    (KopsVersion::new(1, 37), Release::new(3, 31, 6)),
];

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
