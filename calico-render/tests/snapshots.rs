//! The rendered manifest of every fixture, reviewed as an insta snapshot in
//! the top-level `snapshots/` folder (`render__<fixture>.snap`).
//!
//! The CRDs are the same for every spec and are snapshotted once per Calico
//! version elsewhere; here each one is a comment line at its position.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use calico_render::Manifest;

fn snapshot_text(m: &Manifest) -> String {
    let mut out = String::new();
    for o in m.objects() {
        if o.kind == common::CRD {
            out.push_str(&format!(
                "# CustomResourceDefinition {} (see crds__v3_31.snap)\n",
                o.name
            ));
        } else {
            out.push_str("---\n");
            out.push_str(o.yaml());
        }
    }
    out
}

#[test]
fn every_fixture_renders_as_reviewed() {
    let fixtures = common::fixtures();
    assert!(
        !fixtures.is_empty(),
        "no fixtures found in {}",
        common::fixtures_dir().display()
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for path in &fixtures {
            let stem = path.file_stem().unwrap().to_string_lossy().to_string();
            let yaml = std::fs::read_to_string(path).unwrap();
            let manifest = common::render(&yaml);
            insta::with_settings!({ description => format!("fixtures/{stem}.yaml"), omit_expression => true }, {
                insta::assert_snapshot!(format!("render__{stem}"), snapshot_text(&manifest));
            });
        }
    });
}
