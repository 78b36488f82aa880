fn main() {
    let p = std::env::args().nth(1).unwrap_or_default();
    let src = std::fs::read(&p).unwrap_or_default();
    match calico_spec::parse_bytes(&src) {
        Ok(s) => match calico_spec::resolve(&s, &Default::default()) {
            Ok(r) => {
                for row in r.explain() { println!("{} = {} ({})", row.path, row.value, row.source); }
                for w in r.warnings { println!("warning: {w}"); }
            }
            Err(e) => { for fe in e.errors { println!("error: {fe}"); } for w in e.warnings { println!("warning: {w}"); } }
        },
        Err(e) => { for fe in e.field_errors() { println!("{fe}"); } }
    }
}
