fn main() {
    let p = std::env::args().nth(1).unwrap_or_default();
    let src = std::fs::read(&p).unwrap_or_default();
    match calico_spec::parse_bytes(&src) {
        Ok(s) => println!("{:#?}", s),
        Err(e) => { for fe in e.field_errors() { println!("{fe}"); } }
    }
}
