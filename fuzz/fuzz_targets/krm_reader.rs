//! bytes → calico_kustomize::krm::run. Whatever the bytes, no panic; when a
//! ResourceList comes out, it is YAML that parses back to a ResourceList
//! holding every input item first.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(outcome) = calico_kustomize::krm::run(data, &calico_spec::Options::default()) else {
        return;
    };
    let mut yaml_options = serde_saphyr::Options::default();
    yaml_options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    let out: Value = match serde_saphyr::from_str_with_options(&outcome.output, yaml_options) {
        Ok(v) => v,
        Err(e) => panic!(
            "the output ResourceList does not parse: {e}\n{}",
            outcome.output
        ),
    };
    assert_eq!(
        out.get("kind").and_then(Value::as_str),
        Some("ResourceList")
    );
    let Some(Value::Array(items)) = out.get("items") else {
        panic!("output has no items list");
    };
    // The input items come out first, unchanged.
    let input: Value =
        serde_saphyr::from_str(std::str::from_utf8(data).unwrap_or_default()).unwrap_or_default();
    if let Some(Value::Array(given)) = input.get("items") {
        assert!(items.len() >= given.len(), "items were lost");
        assert_eq!(&items[..given.len()], &given[..], "input items changed");
    }
    if !outcome.ok {
        assert!(
            out.get("results")
                .is_some_and(|r| r.as_array().is_some_and(|a| !a.is_empty())),
            "a failed run must explain itself in results"
        );
    }
});
