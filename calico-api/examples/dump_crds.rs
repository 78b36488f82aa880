//! Prints the generated CRDs of a Calico release as one JSON array.
//!
//! `cargo run -q -p calico-api --example dump_crds [-- v3.31.6]`

use calico_api::{crds, Release};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let release = match std::env::args().nth(1) {
        None => Release::DEFAULT,
        Some(text) => text.parse()?,
    };
    println!("{}", serde_json::to_string_pretty(&crds(release)?)?);
    Ok(())
}
