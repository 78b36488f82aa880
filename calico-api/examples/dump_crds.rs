//! Prints the generated CRDs of a Calico minor as one JSON array.
//!
//! `cargo run -q -p calico-api --example dump_crds [-- 3.31]`

use calico_api::{crds, CalicoMinor};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let minor = match std::env::args().nth(1).as_deref() {
        None | Some("3.31") => CalicoMinor::V3_31,
        Some(other) => return Err(format!("unknown Calico minor {other}").into()),
    };
    println!("{}", serde_json::to_string_pretty(crds(minor))?);
    Ok(())
}
