//! Renders a spec file to a YAML stream on stdout (a development aid; the
//! `calico-render` binary of `calico-cli` is the real front end).
//!
//! ```sh
//! cargo run -q -p calico-render --example render -- fixtures/doc-typha.yaml [--no-crds] [--bench N]
//! ```
//! `--bench N` renders N times and prints the mean time per render on stderr.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: render SPEC.yaml [--no-crds] [--bench N]");
        return ExitCode::from(2);
    };
    let no_crds = args.iter().any(|a| a == "--no-crds");
    let bench: Option<u32> = args
        .iter()
        .position(|a| a == "--bench")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok());
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let parsed = match calico_spec::parse_str(&text) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(1);
        }
    };
    let resolved = match calico_spec::resolve(&parsed, &calico_spec::Options::default()) {
        Ok(r) => r,
        Err(invalid) => {
            for e in &invalid.errors {
                eprintln!("{path}: {e}");
            }
            return ExitCode::from(1);
        }
    };
    let manifest = match calico_render::render(&resolved) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(1);
        }
    };
    if let Some(n) = bench {
        let renderer = calico_render::Renderer::new();
        let start = std::time::Instant::now();
        let mut bytes = 0;
        for _ in 0..n {
            match renderer.render(&resolved) {
                Ok(m) => bytes += m.to_yaml().len(),
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(1);
                }
            }
        }
        let each = start.elapsed() / n.max(1);
        eprintln!(
            "{n} renders (+ to_yaml), {each:?} each, {} bytes each",
            bytes / n.max(1) as usize
        );
        return ExitCode::SUCCESS;
    }
    let mut out = String::new();
    for object in manifest.objects() {
        if no_crds && object.kind == "CustomResourceDefinition" {
            continue;
        }
        out.push_str("---\n");
        out.push_str(object.yaml());
    }
    print!("{out}");
    ExitCode::SUCCESS
}
