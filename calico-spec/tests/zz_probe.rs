#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod common;
#[test]
fn probe() {
    let inputs: Vec<String> = std::fs::read_to_string("/tmp/probe.txt")
        .unwrap()
        .split("\n====\n")
        .map(String::from)
        .collect();
    for y in inputs {
        println!("---------------------\n{y}");
        match calico_spec::parse_str(&y) {
            Err(e) => {
                println!("PARSE ERR: {e:?}");
                continue;
            }
            Ok(p) => {
                if !p.warnings.is_empty() {
                    println!("parse warnings: {:?}", p.warnings);
                }
                match calico_spec::resolve(&p, &Default::default()) {
                    Ok(r) => {
                        for row in r.explain() {
                            if row.source == calico_spec::Source::User
                                || std::env::var("ALL").is_ok()
                            {
                                println!("  {} = {} ({})", row.path, row.value, row.source);
                            }
                        }
                        for w in r.warnings {
                            println!("  WARN {w}");
                        }
                    }
                    Err(e) => {
                        for fe in e.errors {
                            println!(
                                "  ERR {} {:?} {:?} {:?}",
                                fe.path, fe.error_type, fe.message, fe.location
                            );
                        }
                        for w in e.warnings {
                            println!("  WARN {w}");
                        }
                    }
                }
            }
        }
    }
}
