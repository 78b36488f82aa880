//! Spec settings that only some Calico releases have. Each names the Felix
//! configuration field it sets; calico-render's tests check every entry
//! against the release's FelixConfiguration CRD, so the table follows the
//! releases' own schemas.

use crate::Release;

/// A setting of `spec.networking.calico` that Calico gained in a release.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Since {
    /// The field of `spec.networking.calico`, e.g. `nftablesMode`.
    pub setting: &'static str,
    /// The FelixConfiguration field it sets (the `FELIX_*` variable).
    pub felix_field: &'static str,
    /// The first release that has it.
    pub first: Release,
}

/// Every setting a release may lack, by field name.
pub static SINCE: &[Since] = &[Since {
    setting: "nftablesMode",
    felix_field: "nftablesMode",
    first: Release::new(3, 29, 0),
}];

impl Release {
    /// The first release that has `setting`, when this one lacks it.
    ///
    /// ```
    /// use calico_release::Release;
    /// assert_eq!(Release::new(3, 28, 5).lacks("nftablesMode"), Some(Release::new(3, 29, 0)));
    /// assert_eq!(Release::new(3, 29, 4).lacks("nftablesMode"), None);
    /// assert_eq!(Release::new(3, 27, 3).lacks("mtu"), None);
    /// ```
    pub fn lacks(self, setting: &str) -> Option<Release> {
        SINCE
            .iter()
            .find(|s| s.setting == setting && self < s.first)
            .map(|s| s.first)
    }
}
