//! The facts of each release calico-render knows, one row per release.

use crate::crds::{CrdMeta, CrdSet, CRDS_3_27, CRDS_3_29, CRDS_3_30, CRDS_3_31_5, CRDS_3_32};
use crate::shape::{
    Shape, SHAPE_3_27_0, SHAPE_3_27_4, SHAPE_3_28_3, SHAPE_3_29_0, SHAPE_3_29_1, SHAPE_3_29_2,
    SHAPE_3_29_4, SHAPE_3_30_0, SHAPE_3_31_0, SHAPE_3_31_7, SHAPE_3_32_0, SHAPE_3_32_1,
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
    /// The Tigera operator release that upstream's
    /// `manifests/tigera-operator.yaml` of this release installs (e.g.
    /// `v1.40.13` for v3.31.6): the operator profile's pairing.
    pub operator: &'static str,
    /// A fault of upstream's own manifest of this release that calico-render
    /// reproduces (it renders the release as published), said as a warning
    /// whenever the release is rendered.
    pub defect: Option<&'static str>,
}

const fn row(
    release: Release,
    crds: &'static CrdSet,
    shape: &'static Shape,
    operator: &'static str,
) -> Facts {
    Facts {
        release,
        crds: crds.names,
        crd_meta: &crds.meta,
        shape,
        operator,
        defect: None,
    }
}

/// A row whose published manifest has a known fault.
const fn faulty(
    release: Release,
    crds: &'static CrdSet,
    shape: &'static Shape,
    operator: &'static str,
    defect: &'static str,
) -> Facts {
    Facts {
        defect: Some(defect),
        ..row(release, crds, shape, operator)
    }
}

const fn v(minor: u16, patch: u16) -> Release {
    Release::new(3, minor, patch)
}

/// Every release calico-render knows, oldest first: every upstream tag from
/// v3.27.0 to v3.32.1.
pub static RELEASES: &[Facts] = &[
    row(v(27, 0), CRDS_3_27, SHAPE_3_27_0, "v1.32.3"),
    row(v(27, 1), CRDS_3_27, SHAPE_3_27_0, "v1.32.4"),
    row(v(27, 2), CRDS_3_27, SHAPE_3_27_0, "v1.32.5"),
    row(v(27, 3), CRDS_3_27, SHAPE_3_27_0, "v1.32.7"),
    row(v(27, 4), CRDS_3_27, SHAPE_3_27_4, "v1.32.10"),
    row(v(27, 5), CRDS_3_27, SHAPE_3_27_4, "v1.32.12"),
    row(v(28, 0), CRDS_3_27, SHAPE_3_27_0, "v1.34.0"),
    row(v(28, 1), CRDS_3_27, SHAPE_3_27_4, "v1.34.3"),
    row(v(28, 2), CRDS_3_27, SHAPE_3_27_4, "v1.34.5"),
    row(v(28, 3), CRDS_3_27, SHAPE_3_28_3, "v1.34.8"),
    row(v(28, 4), CRDS_3_27, SHAPE_3_28_3, "v1.34.10"),
    row(v(28, 5), CRDS_3_27, SHAPE_3_28_3, "v1.34.13"),
    row(v(29, 0), CRDS_3_29, SHAPE_3_29_0, "v1.36.0"),
    row(v(29, 1), CRDS_3_29, SHAPE_3_29_1, "v1.36.2"),
    row(v(29, 2), CRDS_3_29, SHAPE_3_29_2, "v1.36.5"),
    row(v(29, 3), CRDS_3_29, SHAPE_3_29_2, "v1.36.7"),
    row(v(29, 4), CRDS_3_29, SHAPE_3_29_4, "v1.36.9"),
    row(v(29, 5), CRDS_3_29, SHAPE_3_29_4, "v1.36.12"),
    row(v(29, 6), CRDS_3_29, SHAPE_3_29_4, "v1.36.14"),
    row(v(29, 7), CRDS_3_29, SHAPE_3_29_4, "v1.36.16"),
    row(v(30, 0), CRDS_3_30, SHAPE_3_30_0, "v1.38.0"),
    row(v(30, 1), CRDS_3_30, SHAPE_3_30_0, "v1.38.1"),
    row(v(30, 2), CRDS_3_30, SHAPE_3_30_0, "v1.38.3"),
    row(v(30, 3), CRDS_3_30, SHAPE_3_30_0, "v1.38.6"),
    row(v(30, 4), CRDS_3_30, SHAPE_3_30_0, "v1.38.7"),
    row(v(30, 5), CRDS_3_30, SHAPE_3_30_0, "v1.38.9"),
    row(v(30, 6), CRDS_3_30, SHAPE_3_30_0, "v1.38.11"),
    row(v(30, 7), CRDS_3_30, SHAPE_3_30_0, "v1.38.13"),
    row(v(31, 0), CRDS_3_30, SHAPE_3_31_0, "v1.40.0"),
    row(v(31, 1), CRDS_3_30, SHAPE_3_31_0, "v1.40.1"),
    row(v(31, 2), CRDS_3_30, SHAPE_3_31_0, "v1.40.2"),
    row(v(31, 3), CRDS_3_30, SHAPE_3_31_0, "v1.40.3"),
    row(v(31, 4), CRDS_3_30, SHAPE_3_31_0, "v1.40.7"),
    row(v(31, 5), CRDS_3_31_5, SHAPE_3_31_0, "v1.40.8"),
    row(v(31, 6), CRDS_3_31_5, SHAPE_3_31_0, "v1.40.13"),
    row(v(31, 7), CRDS_3_31_5, SHAPE_3_31_7, "v1.40.15"),
    faulty(
        v(32, 0),
        CRDS_3_32,
        SHAPE_3_32_0,
        "v1.42.0",
        "v3.32.0's BGPConfiguration CRD declares lists of objects (communities, prefixAdvertisements, the service address lists) as x-kubernetes-list-type: set, which Kubernetes allows for scalar items only, so the API server may refuse the CRD; v3.32.1 corrects it",
    ),
    row(v(32, 1), CRDS_3_32, SHAPE_3_32_1, "v1.42.3"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_release_pairs_with_an_operator_release_that_never_goes_back() {
        let version = |s: &str| -> Vec<u16> {
            s.strip_prefix("v1.")
                .map(|rest| rest.split('.').filter_map(|n| n.parse().ok()).collect())
                .unwrap_or_default()
        };
        for pair in RELEASES.windows(2) {
            let (a, b) = (version(pair[0].operator), version(pair[1].operator));
            assert_eq!(a.len(), 2, "{}: {}", pair[0].release, pair[0].operator);
            assert!(a <= b, "{} → {}", pair[0].operator, pair[1].operator);
        }
    }

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
        for (minor, patches, crds) in [
            (27, 6, 18),
            (28, 6, 18),
            (29, 8, 20),
            (30, 8, 24),
            (31, 8, 24),
            (32, 2, 23),
        ] {
            assert_eq!(count(minor), vec![crds; patches], "3.{minor}");
        }
    }

    /// Every upstream tag from v3.27.0 to v3.32.1, without a gap: each
    /// minor's patches run from 0.
    #[test]
    fn every_tag_from_v3_27_0_to_v3_32_1() {
        assert_eq!(RELEASES.len(), 38);
        assert_eq!(RELEASES[0].release, Release::new(3, 27, 0));
        assert_eq!(RELEASES[37].release, Release::new(3, 32, 1));
        for w in RELEASES.windows(2) {
            let (a, b) = (w[0].release, w[1].release);
            let next_patch = b.minor() == a.minor() && b.patch() == a.patch() + 1;
            let next_minor = b.minor() == a.minor() + 1 && b.patch() == 0;
            assert!(next_patch || next_minor, "{a} then {b}");
        }
    }
}
