//! Every fixture's rendered manifest, reviewed as an insta snapshot in the
//! top-level `snapshots/` folder.
//!
//! A manifest is some 650 lines and most fixtures change only a few of them,
//! so 90 complete manifests would be unreadable. Instead:
//!
//! - `render__<fixture>.snap`: the complete manifest of the few
//!   representative fixtures in [`COMPLETE`]: the default render
//!   ([`DEFAULT`], the bare `calico: {}` spec), the kitchen sink, kOps's two
//!   integration clusters, eBPF and Typha.
//! - `diff__<fixture>.snap`: every other fixture as a unified diff against
//!   the default render, each hunk header naming the object of its first
//!   change (`@@ -1,2 +1,3 @@ DaemonSet kube-system/calico-node`); a fixture
//!   that renders the same says so in one line. An env var's `value:` line
//!   is compared together with its `- name:` line, so a changed value shows
//!   as that line changed.
//!
//! - The upstream profile's fixtures (`upstream-*`) are diffs against
//!   [`UPSTREAM_DEFAULT`] (upstream's own `calico.yaml`), which is itself a
//!   diff against the default render: kOps's overlay, read backwards.
//!
//! - The operator profile's fixtures (`operator-*`) are diffs against
//!   [`OPERATOR_DEFAULT`] (the operator's install and the custom resources
//!   of kOps's default cluster on AWS), itself a complete snapshot.
//!
//! A diff snapshot changes when its fixture's render or the default render
//! changes, so every change to any render still fails the test.
//!
//! - `kops__<line>__<fixture>.snap`: kOps's two integration-like fixtures
//!   rendered as each older kOps line does (`--kops-version`: its pin, its
//!   overlay and defaults), as a diff against the same fixture's default
//!   render (kOps master).
//!
//! The CRDs depend only on the release and are snapshotted by calico-api;
//! here each one is a comment line at its position.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use calico_render::Manifest;
use similar::udiff::UnifiedHunkHeader;
use similar::{capture_diff_slices, group_diff_ops, Algorithm, DiffTag};

/// The fixture whose render the diffs are taken against.
const DEFAULT: &str = "doc-installing";

/// The upstream profile's default render, which the other `upstream-*`
/// fixtures are diffs against.
const UPSTREAM_DEFAULT: &str = "upstream-default";

/// The operator profile's default render, which the other `operator-*`
/// fixtures are diffs against.
const OPERATOR_DEFAULT: &str = "operator-default";

/// The fixtures snapshotted as complete manifests.
const COMPLETE: &[&str] = &[
    DEFAULT,
    OPERATOR_DEFAULT,
    "kitchen-sink",
    "kops-privatecalico-like",
    "kops-minimal-ipv6-calico-like",
    "doc-ebpf",
    "doc-typha",
];

/// Lines of context around each change in a diff.
const CONTEXT: usize = 3;

/// The snapshot text of a manifest, and for each of its lines the object it
/// belongs to (`Kind namespace/name`).
type Text = (String, Vec<String>);

fn snapshot_text(m: &Manifest) -> Text {
    let mut out = String::new();
    let mut owners = Vec::new();
    for o in m.objects() {
        let text = if o.kind == common::CRD {
            format!("# {} {}\n", o.kind, o.name)
        } else {
            format!("---\n{}", o.yaml())
        };
        let owner = match &o.namespace {
            Some(ns) => format!("{} {ns}/{}", o.kind, o.name),
            None => format!("{} {}", o.kind, o.name),
        };
        owners.extend(std::iter::repeat_n(owner, text.lines().count()));
        out.push_str(&text);
    }
    (out, owners)
}

/// The lines the diff compares: an env var's `value:` line together with
/// the `- name:` line above it, so that values swapped between neighbouring
/// variables show as each value changed rather than as names moved.
fn keys<'a>(lines: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    let mut prev = "";
    lines
        .iter()
        .map(|&line| {
            let key = line.trim_start().starts_with("value");
            let item = (if key { prev } else { "" }, line);
            prev = line;
            item
        })
        .collect()
}

/// The unified diff from the default render to a fixture's, or a line that
/// says they are the same.
fn diff_text(default: &Text, new: &Text, stem: &str) -> String {
    diff_named(
        default,
        new,
        &format!("fixtures/{DEFAULT}.yaml"),
        &format!("fixtures/{stem}.yaml"),
    )
}

/// The unified diff from `old` to `new`, or a line that says they are the same.
fn diff_named(default: &Text, new: &Text, old_name: &str, new_name: &str) -> String {
    let old_lines: Vec<&str> = default.0.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.0.split_inclusive('\n').collect();
    let ops = capture_diff_slices(Algorithm::Myers, &keys(&old_lines), &keys(&new_lines));
    let mut out = String::new();
    for hunk in group_diff_ops(ops, CONTEXT) {
        if out.is_empty() {
            out.push_str(&format!("--- {old_name}\n+++ {new_name}\n"));
        }
        // The object of the hunk's first change: on the new side for an
        // insertion, else on the old side.
        let owner = hunk
            .iter()
            .find_map(|op| match op.tag() {
                DiffTag::Equal => None,
                DiffTag::Insert => new.1.get(op.new_range().start),
                DiffTag::Delete | DiffTag::Replace => default.1.get(op.old_range().start),
            })
            .map_or("", String::as_str);
        out.push_str(&format!("{} {owner}\n", UnifiedHunkHeader::new(&hunk)));
        for change in hunk
            .iter()
            .flat_map(|op| op.iter_changes(&old_lines, &new_lines))
        {
            out.push_str(&format!("{}{}", change.tag(), change.value()));
        }
    }
    if out.is_empty() {
        out = format!("# same manifest as {old_name}\n");
    }
    out
}

#[test]
fn every_fixture_renders_as_reviewed() {
    let fixtures = common::fixtures();
    let mut stems: Vec<String> = fixtures
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().to_string())
        .collect();
    // The default first: a change to it fails at its own snapshot, not at
    // the first diff.
    stems.sort_by_key(|s| (s != DEFAULT, s != UPSTREAM_DEFAULT));
    for name in COMPLETE {
        assert!(stems.iter().any(|s| s == name), "no fixture {name}.yaml");
    }
    let render = |stem: &str| {
        let path = common::fixtures_dir().join(format!("{stem}.yaml"));
        snapshot_text(&common::render(&std::fs::read_to_string(path).unwrap()))
    };
    let default = render(DEFAULT);
    let upstream = render(UPSTREAM_DEFAULT);
    let operator = render(OPERATOR_DEFAULT);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for stem in &stems {
            let text = render(stem);
            insta::with_settings!({ description => format!("fixtures/{stem}.yaml") }, {
                if COMPLETE.contains(&stem.as_str()) {
                    insta::assert_snapshot!(format!("render__{stem}"), text.0);
                } else if let Some((base, name)) = [
                    ("upstream-", &upstream, UPSTREAM_DEFAULT),
                    ("operator-", &operator, OPERATOR_DEFAULT),
                ]
                .into_iter()
                .find(|(prefix, _, name)| stem.starts_with(prefix) && stem != name)
                .map(|(_, base, name)| (base, name))
                {
                    let diff = diff_named(
                        base,
                        &text,
                        &format!("fixtures/{name}.yaml"),
                        &format!("fixtures/{stem}.yaml"),
                    );
                    insta::assert_snapshot!(format!("diff__{stem}"), diff);
                } else {
                    insta::assert_snapshot!(format!("diff__{stem}"), diff_text(&default, &text, stem));
                }
            });
        }
    });
}

/// kOps's integration-like fixtures as each kOps line renders them.
#[test]
fn every_kops_line_renders_as_reviewed() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let lines: Vec<_> = calico_spec::KopsVersion::pins()
        .map(|(line, _)| line)
        .filter(|line| *line != calico_spec::KopsVersion::CURRENT)
        .collect();
    assert_eq!(lines.len(), 9, "kOps 1.28 to 1.36");
    settings.bind(|| {
        for stem in ["kops-privatecalico-like", "kops-minimal-ipv6-calico-like"] {
            let path = common::fixtures_dir().join(format!("{stem}.yaml"));
            let yaml = std::fs::read_to_string(path).unwrap();
            let master = snapshot_text(&common::render(&yaml));
            for line in &lines {
                let options = calico_spec::Options::default().with_kops_version(*line);
                let text = snapshot_text(&common::render_with(&yaml, &options));
                let diff = diff_named(
                    &master,
                    &text,
                    &format!("fixtures/{stem}.yaml"),
                    &format!("fixtures/{stem}.yaml --kops-version {line}"),
                );
                insta::with_settings!({ description => format!("fixtures/{stem}.yaml --kops-version {line}") }, {
                    insta::assert_snapshot!(format!("kops__{line}__{stem}"), diff);
                });
            }
        }
    });
}
