//! bytes → calico_spec::parse_bytes → resolve → calico_render::render →
//! YAML / JSON / files. Whatever the bytes, nothing may panic, and when
//! rendering succeeds the YAML stream must parse back to exactly the
//! rendered objects (no extra document, key or item: nothing smuggled in).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// Options picked deterministically from the input, so that every kOps era
/// and the sizing/MTU advice get exercised and a crash reproduces from its
/// file alone.
fn options(data: &[u8]) -> calico_spec::Options {
    let h = data
        .iter()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(*b)));
    let versions = [
        "1.36", "1.19", "1.21", "1.22", "1.25", "1.26", "1.33", "1.34", "1.35",
    ];
    let kops_version = versions[(h % versions.len() as u32) as usize]
        .parse()
        .unwrap_or_default();
    let mut options = calico_spec::Options::default().with_kops_version(kops_version);
    options.node_count = (h & 0x100 != 0).then_some(u64::from(h >> 20));
    options.host_mtu = (h & 0x200 != 0).then_some(1280 + (h >> 16) % 8000);
    options
}

fuzz_target!(|data: &[u8]| {
    let options = options(data);
    // The `validate` command's path never panics either.
    let _ = calico_spec::report::Validation::of(data, &options, true);

    let Ok(parsed) = calico_spec::parse_bytes(data) else {
        return;
    };
    let Ok(resolved) = calico_spec::resolve(&parsed, &options) else {
        return;
    };
    let _ = resolved.explain();
    let Ok(manifest) = calico_render::render(&resolved) else {
        // A spec that resolves must render: an error here is a bug.
        panic!("a resolved spec failed to render");
    };

    let yaml = manifest.to_yaml();
    let mut yaml_options = serde_saphyr::Options::default();
    // A key written twice would silently drop a value: count it as smuggling.
    yaml_options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    let docs: Vec<Value> = match serde_saphyr::from_str_multiple_with_options(&yaml, yaml_options) {
        Ok(d) => d,
        Err(e) => panic!("rendered YAML does not parse: {e}\n{yaml}"),
    };
    let docs: Vec<Value> = docs.into_iter().filter(|d| !d.is_null()).collect();
    // Each object's value is its own text read back and held to its planned
    // identity: an error is a document that is not the planned object.
    let objects: Vec<&Value> = manifest
        .objects()
        .iter()
        .map(|o| o.value().unwrap_or_else(|e| panic!("{e}")))
        .collect();
    assert_eq!(
        docs.len(),
        objects.len(),
        "document count differs from object count"
    );
    for (doc, obj) in docs.iter().zip(&objects) {
        assert_eq!(doc, *obj, "a rendered document differs from its object");
    }

    manifest.to_json().expect("the manifest as JSON");
    let _ = manifest.files();
});
