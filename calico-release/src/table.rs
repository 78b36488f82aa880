//! The facts of each release calico-render knows, one row per release.

use crate::crds::{CrdMeta, CrdSet, CRDS_3_27, CRDS_3_29, CRDS_3_30, CRDS_3_31_5, CRDS_3_32};
use crate::shape::{
    Shape, SHAPE_3_27_0, SHAPE_3_27_4, SHAPE_3_28_3, SHAPE_3_29_4, SHAPE_3_30_0, SHAPE_3_31_0,
    SHAPE_3_31_7, SHAPE_3_32_1,
};
use crate::Release;

/// What calico-render knows of one Calico release.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Facts {
    /// The release.
    pub release: Release,
    /// The CustomResourceDefinitions its manifest installs, by
    /// `metadata.name`, in manifest order.
    pub crds: &'static [&'static str],
    /// The metadata of those CRDs.
    pub crd_meta: &'static CrdMeta,
    /// The shape of its manifest.
    pub shape: &'static Shape,
}

const fn row(release: Release, crds: &'static CrdSet, shape: &'static Shape) -> Facts {
    Facts {
        release,
        crds: crds.names,
        crd_meta: &crds.meta,
        shape,
    }
}

const fn v(minor: u16, patch: u16) -> Release {
    Release::new(3, minor, patch)
}

/// Every release calico-render knows, oldest first.
pub static RELEASES: &[Facts] = &[
    row(v(27, 3), CRDS_3_27, SHAPE_3_27_0),
    row(v(27, 5), CRDS_3_27, SHAPE_3_27_4),
    row(v(28, 5), CRDS_3_27, SHAPE_3_28_3),
    row(v(29, 4), CRDS_3_29, SHAPE_3_29_4),
    row(v(29, 7), CRDS_3_29, SHAPE_3_29_4),
    row(v(30, 3), CRDS_3_30, SHAPE_3_30_0),
    row(v(30, 7), CRDS_3_30, SHAPE_3_30_0),
    row(v(31, 3), CRDS_3_30, SHAPE_3_31_0),
    row(v(31, 6), CRDS_3_31_5, SHAPE_3_31_0),
    row(v(31, 7), CRDS_3_31_5, SHAPE_3_31_7),
    row(v(32, 1), CRDS_3_32, SHAPE_3_32_1),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releases_are_unique_and_oldest_first() {
        assert!(RELEASES.windows(2).all(|w| w[0].release < w[1].release));
        assert!(Release::DEFAULT.facts().is_ok());
    }

    #[test]
    fn each_release_lists_each_crd_once() {
        for facts in RELEASES {
            let mut names = facts.crds.to_vec();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), facts.crds.len(), "{}", facts.release);
        }
    }

    #[test]
    fn crd_counts_follow_the_minor() {
        let count = |minor: u16| {
            RELEASES
                .iter()
                .filter(|f| f.release.minor() == minor)
                .map(|f| f.crds.len())
                .collect::<Vec<_>>()
        };
        assert_eq!(count(27), [18, 18]);
        assert_eq!(count(28), [18]);
        assert_eq!(count(29), [20, 20]);
        assert_eq!(count(30), [24, 24]);
        assert_eq!(count(31), [24, 24, 24]);
        assert_eq!(count(32), [23]);
    }
}
