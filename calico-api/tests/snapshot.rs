//! The generated CRDs, reviewed in the workspace's `snapshots/` folder: the
//! default release's whole set (`crds__v3_31.snap`), and every other
//! release as a unified diff of its CRDs against the default's
//! (`crds__vX_Y_Z.snap`), so a reviewer reads only what the release changes.

#![allow(clippy::unwrap_used)]

use calico_api::{crds, Release};

#[test]
fn crds_v3_31() {
    insta::with_settings!({
        snapshot_path => "../../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_json_snapshot!("crds__v3_31", crds(Release::DEFAULT).unwrap());
    });
}

/// Each release's CRDs as a diff, CRD by CRD, against those of the next
/// newer release (v3.32.1 against v3.31.7): what each release changed. A CRD
/// the newer side lacks is one line; a CRD new in a release is shown whole,
/// so that every schema is reviewed once. Releases with the same
/// CRDs share one snapshot, named after the oldest of them.
/// A release's CRDs as (name, pretty JSON text), in manifest order.
type Named = Vec<(String, String)>;

#[test]
fn crds_of_every_release_as_a_diff() {
    use serde_json::Value;
    let by_name = |release: Release| -> Named {
        crds(release)
            .unwrap()
            .iter()
            .map(|crd: &Value| {
                let name = crd["metadata"]["name"].as_str().unwrap().to_string();
                (name, serde_json::to_string_pretty(crd).unwrap() + "\n")
            })
            .collect()
    };
    let releases: Vec<Release> = calico_release::RELEASES.iter().map(|f| f.release).collect();
    let mut groups: Vec<(Vec<Release>, Named)> = Vec::new();
    for release in releases {
        let set = by_name(release);
        match groups.last_mut() {
            Some((members, last)) if *last == set => members.push(release),
            _ => groups.push((vec![release], set)),
        }
    }
    let base = groups
        .iter()
        .position(|(members, _)| members.contains(&Release::DEFAULT))
        .unwrap();
    for (i, (members, set)) in groups.iter().enumerate() {
        if i == base {
            continue;
        }
        // Older sets against the next newer one; newer ones against the next older.
        let (other_members, other) = if i < base {
            &groups[i + 1]
        } else {
            &groups[i - 1]
        };
        let other_name = other_members[0].to_string();
        let mut out = format!(
            "# the CRDs of {}, against those of {}\n",
            members
                .iter()
                .map(|r| r.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            other_name
        );
        let mut names: Vec<&String> = other.iter().map(|(n, _)| n).collect();
        for (n, _) in set {
            if !names.contains(&n) {
                names.push(n);
            }
        }
        for name in names {
            let mine = set.iter().find(|(n, _)| n == name).map(|(_, t)| t.as_str());
            let theirs = other
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, t)| t.as_str());
            match (theirs, mine) {
                (Some(a), Some(b)) if a == b => {}
                (Some(a), Some(b)) => out.push_str(
                    &similar::TextDiff::from_lines(a, b)
                        .unified_diff()
                        .context_radius(2)
                        .header(
                            &format!("{other_name} {name}"),
                            &format!("{} {name}", members[0]),
                        )
                        .to_string(),
                ),
                (Some(_), None) => out.push_str(&format!("# {name}: not in {}\n", members[0])),
                (None, Some(text)) => {
                    out.push_str(&format!("# {name}: new in {}\n{text}", members[0]))
                }
                (None, None) => {}
            }
        }
        let name = format!("crds__{}", members[0].to_string().replace('.', "_"));
        insta::with_settings!({
            snapshot_path => "../../snapshots",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name, out);
        });
    }
    // One snapshot per set, and no snapshot of a set that is gone.
    let mut want: Vec<String> = groups
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != base)
        .map(|(_, (members, _))| format!("crds__{}.snap", members[0].to_string().replace('.', "_")))
        .collect();
    want.sort();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../snapshots");
    let mut have: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("crds__v3_") && n.matches('_').count() == 4)
        .collect();
    have.sort();
    assert_eq!(
        have,
        want,
        "stale or missing CRD snapshots in {}",
        dir.display()
    );
}
