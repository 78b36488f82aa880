//! Differential: calico-spec's fast YAML reader against serde-saphyr. Where
//! the fast reader gives documents, serde-saphyr must read the same text to
//! exactly the same located tree (values, lines, columns); where it gives
//! none, the input goes to serde-saphyr anyway, so nothing is checked.
#![no_main]

use calico_spec::yaml::Node;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(fast) = calico_spec::parse::fast_documents(text) else {
        return;
    };
    let full: Result<Vec<Node>, _> =
        serde_saphyr::from_str_multiple_with_options(text, calico_spec::limits::yaml_options());
    match full {
        Ok(full) => assert_eq!(fast, full, "the readers disagree on {text:?}"),
        Err(e) => panic!("the fast reader accepted what serde-saphyr rejects ({e}): {text:?}"),
    }
});
