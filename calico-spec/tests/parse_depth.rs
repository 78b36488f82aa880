//! Robustness of the parser's recursion on an ordinary thread stack. Kept in
//! its own test binary: a stack overflow aborts the whole process, so it must
//! not take the other parse tests with it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

/// Parses `x: [[[…]]]` nested `depth` deep on a thread with `stack` bytes.
fn parse_nested_on(stack: usize, depth: usize) -> Result<(), String> {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || {
            let deep = format!(
                "x: {}{}\nnetworking: {{calico: {{}}}}",
                "[".repeat(depth),
                "]".repeat(depth)
            );
            calico_spec::parse_str(&deep)
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn modest_nesting_parses_on_a_2_mib_stack() {
    // `x:` is one level, the document mapping another.
    let depth = calico_spec::limits::MAX_DEPTH - 2;
    assert_eq!(parse_nested_on(2 << 20, depth), Ok(()));
    let too_deep = parse_nested_on(2 << 20, calico_spec::limits::MAX_DEPTH + 1);
    assert!(too_deep.unwrap_err().contains("nests deeper than"));
}

#[test]
fn nesting_up_to_max_depth_never_overflows_a_2_mib_stack() {
    for depth in [30, 31, 32, 33, 64, 200, 10_000] {
        let _ = parse_nested_on(2 << 20, depth);
    }
}
