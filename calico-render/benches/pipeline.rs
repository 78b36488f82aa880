//! Criterion benchmarks: the whole library pipeline and each stage alone.
//!
//! ```sh
//! cargo bench -p calico-render                 # everything (about two minutes)
//! cargo bench -p calico-render -- pipeline/    # one group (also stage/, once/)
//! ```
//!
//! Specs: `default` (fixtures/doc-installing.yaml, the kOps docs' minimal
//! spec), `kitchen-sink` (fixtures/kitchen-sink.yaml: Typha, eBPF, metrics
//! and an egress proxy, the largest option set), `ipv6`
//! (fixtures/net-ipv6.yaml) and `operator` (fixtures/operator-default.yaml:
//! the operator profile).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use calico_render::Renderer;
use calico_spec::{Options, ResolvedSpec};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use std::hint::black_box;
use std::time::Duration;

const SPECS: &[(&str, &str)] = &[
    (
        "default",
        include_str!("../../fixtures/doc-installing.yaml"),
    ),
    (
        "kitchen-sink",
        include_str!("../../fixtures/kitchen-sink.yaml"),
    ),
    ("ipv6", include_str!("../../fixtures/net-ipv6.yaml")),
    (
        "operator",
        include_str!("../../fixtures/operator-default.yaml"),
    ),
];

fn resolved(text: &str) -> ResolvedSpec {
    let parsed = calico_spec::parse_str(text).unwrap();
    calico_spec::resolve(&parsed, &Options::default()).unwrap()
}

/// parse → resolve (defaults + validation) → render → YAML text.
fn pipeline(c: &mut Criterion) {
    let renderer = Renderer::new();
    let options = Options::default();
    let mut g = c.benchmark_group("pipeline");
    for (name, text) in SPECS {
        g.bench_function(*name, |b| {
            b.iter(|| {
                let parsed = calico_spec::parse_str(black_box(text)).unwrap();
                let resolved = calico_spec::resolve(&parsed, &options).unwrap();
                let manifest = renderer.render(&resolved).unwrap();
                let mut out = Vec::new();
                manifest.write_yaml(&mut out).unwrap();
                out
            })
        });
    }
    g.finish();
}

/// Each stage alone.
fn stages(c: &mut Criterion) {
    let renderer = Renderer::new();
    let options = Options::default();
    let mut g = c.benchmark_group("stage");
    for (name, text) in SPECS {
        let parsed = calico_spec::parse_str(text).unwrap();
        let resolved = resolved(text);
        let manifest = renderer.render(&resolved).unwrap();
        g.bench_function(format!("parse/{name}"), |b| {
            b.iter(|| calico_spec::parse_str(black_box(text)).unwrap())
        });
        g.bench_function(format!("resolve+validate/{name}"), |b| {
            b.iter(|| calico_spec::resolve(black_box(&parsed), &options).unwrap())
        });
        g.bench_function(format!("parse+resolve+validate/{name}"), |b| {
            b.iter(|| {
                let parsed = calico_spec::parse_str(black_box(text)).unwrap();
                calico_spec::resolve(&parsed, &options).unwrap()
            })
        });
        g.bench_function(format!("render/{name}"), |b| {
            b.iter(|| renderer.render(black_box(&resolved)).unwrap())
        });
        // What a run-time read-back of the templated documents would cost
        // (rendering does not do it; README, "Output integrity").
        let templated: Vec<&str> = manifest
            .objects()
            .iter()
            .filter(|o| o.kind != "CustomResourceDefinition")
            .map(|o| o.yaml())
            .collect();
        g.bench_function(format!("read-back-templated/{name}"), |b| {
            b.iter(|| {
                for doc in &templated {
                    let mut options = serde_saphyr::Options::default();
                    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
                    let value: Vec<serde_json::Value> =
                        serde_saphyr::from_multiple_with_options(black_box(doc), options).unwrap();
                    black_box(value);
                }
            })
        });
        g.bench_function(format!("write-yaml/{name}"), |b| {
            b.iter(|| {
                let mut out = Vec::new();
                manifest.write_yaml(&mut out).unwrap();
                out
            })
        });
        // A freshly rendered manifest each time: JSON needs every object's
        // parsed value, which is built on first use.
        g.bench_function(format!("write-json/{name}"), |b| {
            b.iter_batched(
                || renderer.render(&resolved).unwrap(),
                |manifest| manifest.to_json().unwrap(),
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();
}

/// Work done once per process (or once per `Renderer`), measured on its own.
fn one_off(c: &mut Criterion) {
    let release = calico_spec::Release::DEFAULT;
    let mut g = c.benchmark_group("once");
    // A process compiles only the templates its spec needs, on first use;
    // this is all of them, the most a process can spend.
    g.bench_function("compile every template", |b| {
        b.iter(|| {
            let renderer = Renderer::new();
            renderer.compile_all().unwrap();
            renderer
        })
    });
    g.bench_function(
        "CRD objects and values from the embedded JSON (a caller reading every CRD's value)",
        |b| b.iter(|| calico_render::__bench::crd_values_uncached(release).unwrap()),
    );
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = pipeline, stages, one_off
}
criterion_main!(benches);
