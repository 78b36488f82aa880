//! Throughput: N specs through the whole library pipeline in one process,
//! with one `Renderer` (parse → resolve + validate → render → YAML into a
//! buffer), cycling through every fixture.
//!
//! ```sh
//! cargo run --release -p calico-render --example throughput [-- N]   # N defaults to 10000
//! ```
//!
//! Prints the rate for each tenth of the run (linear scaling shows as a flat
//! rate), the overall specs per second, and the peak RSS.

use std::process::ExitCode;
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let n: usize = match std::env::args().nth(1).map(|a| a.parse()) {
        None => 10_000,
        Some(Ok(n)) if n >= 10 => n,
        Some(_) => {
            eprintln!("usage: throughput [N >= 10]");
            return ExitCode::from(2);
        }
    };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let mut specs: Vec<(String, String)> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(&p).ok()?)))
            .collect(),
        Err(e) => {
            eprintln!("{}: {e}", dir.display());
            return ExitCode::from(2);
        }
    };
    specs.sort();
    if specs.is_empty() {
        eprintln!("no fixtures in {}", dir.display());
        return ExitCode::from(2);
    }
    let renderer = calico_render::Renderer::new();
    let options = calico_spec::Options::default();
    let mut out: Vec<u8> = Vec::new();
    let mut bytes = 0usize;
    let tenth = n / 10;
    let mut rates = Vec::new();
    let start = Instant::now();
    let mut lap = start;
    for i in 0..n {
        let (name, text) = &specs[i % specs.len()];
        let result = calico_spec::parse_str(text)
            .map_err(|e| e.to_string())
            .and_then(|p| calico_spec::resolve(&p, &options).map_err(|e| format!("{:?}", e.errors)))
            .and_then(|r| renderer.render(&r).map_err(|e| e.to_string()));
        let manifest = match result {
            Ok(m) => m,
            Err(e) => {
                eprintln!("{name}: {e}");
                return ExitCode::from(1);
            }
        };
        out.clear();
        if let Err(e) = manifest.write_yaml(&mut out) {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
        bytes += out.len();
        if (i + 1) % tenth == 0 {
            let now = Instant::now();
            rates.push(tenth as f64 / (now - lap).as_secs_f64());
            lap = now;
        }
    }
    let total = start.elapsed();
    let rate = n as f64 / total.as_secs_f64();
    println!(
        "{n} specs ({} fixtures, cycled) in {:.3} s: {rate:.0} specs/s, {:.1} µs per spec, {:.1} MB of YAML",
        specs.len(),
        total.as_secs_f64(),
        Duration::from_secs_f64(total.as_secs_f64() / n as f64).as_secs_f64() * 1e6,
        bytes as f64 / 1e6
    );
    let shown: Vec<String> = rates.iter().map(|r| format!("{r:.0}")).collect();
    println!("specs/s per tenth of the run: {}", shown.join(" "));
    let (lo, hi) = rates
        .iter()
        .fold((f64::MAX, 0f64), |(lo, hi), &r| (lo.min(r), hi.max(r)));
    println!(
        "slowest tenth / fastest tenth: {:.2} (1.00 = perfectly linear)",
        lo / hi
    );
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        if let Some(line) = status.lines().find(|l| l.starts_with("VmHWM")) {
            println!("peak RSS: {}", line.trim_start_matches("VmHWM:").trim());
        }
    }
    ExitCode::SUCCESS
}
