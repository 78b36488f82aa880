//! The `calico-render` binary end to end: rendering in its three output
//! forms, exit codes, diagnostics, a closed stdout pipe, `--help`, and the
//! report commands (validate, explain, schema, crds, diff, aws-iam-policy).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::Scratch;
use serde_json::Value;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_calico-render");

/// What a run of the binary left behind.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary with `args` and, if given, `stdin`. No run may panic.
fn run_with(args: &[&str], stdin: Option<&str>) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    let out = child.wait_with_output().unwrap();
    let run = Run {
        code: out.status.code().expect("killed by a signal"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    assert!(!run.stderr.contains("panicked"), "{args:?}: {run:#?}");
    run
}

fn run(args: &[&str]) -> Run {
    run_with(args, None)
}

/// Expects exit 0 and returns stdout.
fn ok(args: &[&str]) -> String {
    let r = run(args);
    assert_eq!(r.code, 0, "{args:?}: {r:#?}");
    r.stdout
}

/// The path of a bundled fixture.
fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures")
        .join(name);
    assert!(path.is_file(), "{}", path.display());
    path.to_str().unwrap().to_string()
}

fn tempdir(name: &str) -> Scratch {
    common::tempdir("cli", name)
}

/// Writes `yaml` to `dir/name` and returns the path.
fn spec(dir: &Path, name: &str, yaml: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, yaml).unwrap();
    path.to_str().unwrap().to_string()
}

/// The documents of a YAML stream (empty documents dropped).
fn docs(yaml: &str) -> Vec<Value> {
    serde_saphyr::from_str_multiple::<Value, Vec<Value>>(yaml)
        .unwrap()
        .into_iter()
        .filter(|v| !v.is_null())
        .collect()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// The sorted keys of a JSON object.
fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect();
    k.sort_unstable();
    k
}

const INVALID: &str = "networking:\n  calico:\n    ipipMode: Sometimes\n";
const NODES_150: &str = "nodeCount: 150\nnetworking:\n  calico: {}\n";
const BASE: &str = "networking:\n  calico: {}\n";
const RR: &str = "bgp: {asNumber: 64512, routeReflectors: {nodeSelector: \"route-reflector == 'true'\", clusterID: 244.0.0.1}}\n";

// ---------------------------------------------------------------- render

#[test]
fn render_writes_a_yaml_stream_of_the_manifest() {
    let out = ok(&[&fixture("doc-typha.yaml")]);
    assert!(out.starts_with("---\n"), "{}", &out[..40]);
    let docs = docs(&out);
    assert!(docs.len() > 30, "{}", docs.len());
    for d in &docs {
        for field in ["/apiVersion", "/kind", "/metadata/name"] {
            assert!(
                d.pointer(field).is_some_and(Value::is_string),
                "{field}: {d}"
            );
        }
    }
    let has = |kind: &str, name: &str| {
        docs.iter()
            .any(|d| d["kind"] == kind && d["metadata"]["name"] == name)
    };
    assert!(has("DaemonSet", "calico-node"));
    assert!(has("Deployment", "calico-kube-controllers"));
    assert!(has("Deployment", "calico-typha"));
    assert!(has("ConfigMap", "calico-config"));
    // The explicit render subcommand gives the same bytes.
    assert_eq!(ok(&["render", &fixture("doc-typha.yaml")]), out);
}

#[test]
fn render_dash_reads_stdin() {
    let path = fixture("kitchen-sink.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let from_file = ok(&[&path]);
    for args in [&["-"][..], &["render", "-"][..]] {
        let r = run_with(args, Some(&text));
        assert_eq!(r.code, 0, "{r:#?}");
        assert_eq!(r.stdout, from_file, "{args:?}");
    }
    // Errors from stdin are located in "-".
    let r = run_with(&["-"], Some(INVALID));
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("-:3:15: "), "{}", r.stderr);
}

#[test]
fn stdin_without_arguments_is_read_by_content() {
    // A spec on stdin renders as from a file, in every input form.
    for name in [
        "kitchen-sink.yaml",
        "kitchen-sink-bare.yaml",
        "kitchen-sink-calico-kind.yaml",
        "cluster-with-instancegroups.yaml",
    ] {
        let path = fixture(name);
        let r = run_with(&[], Some(&std::fs::read_to_string(&path).unwrap()));
        assert_eq!(r.code, 0, "{name}: {r:#?}");
        assert_eq!(r.stdout, ok(&[&path]), "{name}");
    }
    // Flags still apply.
    let text = std::fs::read_to_string(fixture("doc-installing.yaml")).unwrap();
    let r = run_with(&["--format", "json"], Some(&text));
    assert_eq!(r.code, 0, "{r:#?}");
    assert_eq!(
        r.stdout,
        ok(&["--format", "json", &fixture("doc-installing.yaml")])
    );
    // An invalid spec is reported as a spec, located in "-", without naming
    // library types.
    let r = run_with(&[], Some(INVALID));
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("-:3:15: "), "{}", r.stderr);
    assert!(!r.stderr.contains("ResourceList"), "{}", r.stderr);
    // Text that is no YAML at all names both forms stdin may hold.
    let r = run_with(&[], Some("a: [\n"));
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.starts_with("-:1:4: "), "{}", r.stderr);
    assert!(
        r.stderr.contains("read as a spec") && r.stderr.contains("kind: ResourceList"),
        "{}",
        r.stderr
    );
}

/// kubectl's convention: `-o`/`--output json|yaml` on every command that
/// prints data, `--format` kept as an alias.
#[test]
fn one_output_flag_as_kubectl_has_it() {
    let path = fixture("doc-typha.yaml");
    let other = fixture("doc-installing.yaml");
    let list = ok(&["-o", "json", &path]);
    assert_eq!(json(&list)["kind"], "List");
    for args in [
        &["--output", "json", &path][..],
        &["--format", "json", &path],
        &["render", "-o", "json", &path],
    ] {
        assert_eq!(ok(args), list, "{args:?}");
    }
    assert_eq!(ok(&["-o", "yaml", &path]), ok(&[&path]));
    assert_eq!(
        json(&ok(&["crds", "-o", "json"]))["items"]
            .as_array()
            .unwrap()
            .len(),
        24
    );
    // Reports: text by default, the same data as JSON or YAML.
    for command in [
        &["validate", &path][..],
        &["explain", &path],
        &["diff", &other, &path],
    ] {
        let with = |format: &str| {
            let mut args = command.to_vec();
            args.extend(["-o", format]);
            let r = run(&args);
            assert!(r.code == 0 || r.code == 3, "{args:?}: {r:#?}");
            r.stdout
        };
        let from_json = json(&with("json"));
        let from_yaml: Value = serde_saphyr::from_str(&with("yaml")).unwrap();
        assert_eq!(from_yaml, from_json, "{command:?}");
        let mut long = command.to_vec();
        long.extend(["--output", "json"]);
        assert_eq!(json(&run(&long).stdout), from_json, "{command:?}");
    }
    // A misspelt flag is pointed at the right one.
    let r = run(&["validate", "--outptu", "json", &path]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("'--output'"), "{}", r.stderr);
    // The directory output excludes a stdout format.
    let r = run(&["--output-dir", "/nonexistent/x", "-o", "json", &path]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot be used with"), "{}", r.stderr);
}

/// `versions` lists what this build renders, as text or as data.
#[test]
fn versions_lists_the_releases_and_kops_versions() {
    let text = ok(&["versions"]);
    assert!(
        text.contains(
            "  v3.27.3: 18 CRDs, Tigera operator v1.32.7, pinned by kOps 1.28, 1.29, 1.30, 1.31\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("  v3.27.5: 18 CRDs, Tigera operator v1.32.12\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "  v3.32.0: 23 CRDs, Tigera operator v1.42.0 (operator profile) (see the warning when rendered)\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "  v3.31.6 (default): 24 CRDs, Tigera operator v1.40.13 (operator profile), pinned by kOps 1.37\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("kOps versions (--kops-version): 1.19 to 1.37 (default 1.37)"),
        "{text}"
    );
    let data = json(&ok(&["versions", "-o", "json"]));
    let releases = data["calicoReleases"].as_array().unwrap();
    let names: Vec<&str> = releases
        .iter()
        .map(|r| r["release"].as_str().unwrap())
        .collect();
    assert_eq!(names.first(), Some(&"v3.27.0"));
    assert_eq!(names.len(), 38);
    assert!(names.windows(2).all(|w| w[0] != w[1]));
    let defaults: Vec<&str> = releases
        .iter()
        .filter(|r| r["default"] == true)
        .map(|r| r["release"].as_str().unwrap())
        .collect();
    assert_eq!(defaults, ["v3.31.6"]);
    // The operator profile renders 3.30 and later.
    let operator: Vec<&str> = releases
        .iter()
        .filter(|r| r["operatorProfile"] == true)
        .map(|r| r["release"].as_str().unwrap())
        .collect();
    assert_eq!((operator.len(), operator[0]), (18, "v3.30.0"));
    assert_eq!(data["kopsVersions"]["newest"], "1.37");
    assert_eq!(
        data["kopsVersions"]["pins"][8],
        serde_json::json!({"kops": "1.36", "release": "v3.31.3"})
    );
    let yaml: Value = serde_saphyr::from_str(&ok(&["versions", "-o", "yaml"])).unwrap();
    assert_eq!(yaml, data);
}

/// The CRDs are written with plain scalars where YAML reads them back the
/// same, so line tools find them as they find the other objects.
#[test]
fn crds_are_found_by_grep() {
    let count = |text: &str, line: &str| text.lines().filter(|l| *l == line).count();
    let crds = ok(&["crds"]);
    assert_eq!(count(&crds, "kind: CustomResourceDefinition"), 24);
    assert_eq!(count(&crds, "apiVersion: apiextensions.k8s.io/v1"), 24);
    let manifest = ok(&[&fixture("doc-installing.yaml")]);
    assert_eq!(count(&manifest, "kind: CustomResourceDefinition"), 24);
    assert!(manifest
        .lines()
        .any(|l| l == "  name: felixconfigurations.crd.projectcalico.org"));
}

#[test]
fn render_json_is_one_v1_list_of_the_yaml_documents() {
    for name in ["kitchen-sink.yaml", "net-ipv6.yaml", "doc-ebpf.yaml"] {
        let path = fixture(name);
        let yaml_docs = docs(&ok(&[&path]));
        let list = json(&ok(&["--format", "json", &path]));
        assert_eq!(keys(&list), ["apiVersion", "items", "kind"], "{name}");
        assert_eq!(list["apiVersion"], "v1");
        assert_eq!(list["kind"], "List");
        assert_eq!(list["items"].as_array().unwrap(), &yaml_docs, "{name}");
    }
}

#[test]
fn render_output_dir_writes_one_file_per_object_in_order() {
    let path = fixture("doc-typha.yaml");
    let want = docs(&ok(&[&path]));
    let dir = tempdir("output-dir");
    let out_dir = dir.join("out");
    let r = run(&["--output-dir", out_dir.to_str().unwrap(), &path]);
    assert_eq!(r.code, 0, "{r:#?}");
    assert_eq!(r.stdout, "", "nothing on stdout with --output-dir");

    // Every entry, hidden ones included: no temporary file is left over.
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), want.len(), "{names:#?}");
    for (i, (name, want)) in names.iter().zip(&want).enumerate() {
        let kind = want["kind"].as_str().unwrap().to_lowercase();
        let object = want["metadata"]["name"].as_str().unwrap();
        assert_eq!(
            name,
            &format!("{:03}-{kind}-{object}.yaml", i + 1),
            "file {i}"
        );
        let got = docs(&std::fs::read_to_string(out_dir.join(name)).unwrap());
        assert_eq!(got, std::slice::from_ref(want), "{name}");
    }
    // Written again into the same directory: the same files, no extras.
    let r = run(&["--output-dir", out_dir.to_str().unwrap(), &path]);
    assert_eq!(r.code, 0, "{r:#?}");
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), want.len());
}

#[test]
fn render_is_byte_identical_across_runs() {
    for name in [
        "kitchen-sink.yaml",
        "kops-privatecalico-like.yaml",
        "net-egress-proxy.yaml",
    ] {
        let path = fixture(name);
        for args in [vec![path.as_str()], vec!["--format", "json", path.as_str()]] {
            assert_eq!(ok(&args), ok(&args), "{args:?}");
        }
    }
}

// ---------------------------------------------------------------- exit codes

#[test]
fn exit_codes() {
    let dir = tempdir("exit-codes");
    let bad = spec(&dir, "bad.yaml", INVALID);
    let good = fixture("doc-installing.yaml");
    let missing = dir.join("missing.yaml");
    let missing = missing.to_str().unwrap();
    for (args, code) in [
        (vec![good.as_str()], 0),
        (vec![bad.as_str()], 1),
        (vec!["--unknown-flag", good.as_str()], 2),
        (vec![missing], 2),
        (vec!["--kops-version", "9.9", good.as_str()], 2),
        (vec!["--kops-version", "1.30", good.as_str()], 0),
        (vec![], 2),
        (vec!["validate", missing], 2),
        (vec!["validate", bad.as_str()], 1),
        (vec!["explain", bad.as_str()], 1),
        (vec!["aws-iam-policy", bad.as_str()], 1),
        (vec!["explain", "--kops-version", "9.9", good.as_str()], 2),
        (vec!["diff", good.as_str()], 2),
        (vec!["diff", good.as_str(), missing], 2),
        (vec!["no-such-command"], 2),
    ] {
        let r = run(&args);
        assert_eq!(r.code, code, "{args:?}: {r:#?}");
        if code != 0 {
            assert_eq!(r.stdout, "", "{args:?}: nothing on stdout on failure");
            assert!(!r.stderr.trim().is_empty(), "{args:?}: says why on stderr");
        }
    }
}

#[test]
fn invalid_spec_is_reported_as_file_line_column_path_message() {
    let dir = tempdir("invalid");
    let bad = spec(&dir, "bad.yaml", INVALID);
    let r = run(&[&bad]);
    assert_eq!(r.code, 1, "{r:#?}");
    assert_eq!(r.stdout, "");
    let first = r.stderr.lines().next().unwrap();
    let rest = first
        .strip_prefix(&format!("{bad}:"))
        .unwrap_or_else(|| panic!("{first}"));
    let parts: Vec<&str> = rest.splitn(4, ':').collect();
    assert_eq!(parts.len(), 4, "{first}");
    assert_eq!((parts[0], parts[1]), ("3", "15"), "{first}");
    assert_eq!(
        parts[2].trim(),
        "spec.networking.calico.ipipMode",
        "{first}"
    );
    assert!(parts[3].contains("\"Sometimes\""), "{first}");
    assert!(parts[3].contains("\"CrossSubnet\""), "{first}");
    // A YAML syntax error is located too.
    let broken = spec(&dir, "broken.yaml", "networking:\n  calico: {mtu: [\n");
    let r = run(&[&broken]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""), "{r:#?}");
    assert!(r.stderr.starts_with(&format!("{broken}:")), "{}", r.stderr);
    let location: Vec<&str> = r.stderr[broken.len() + 1..].splitn(3, ':').collect();
    assert!(
        location[0].parse::<u32>().is_ok() && location[1].parse::<u32>().is_ok(),
        "{}",
        r.stderr
    );
}

#[test]
fn strict_turns_warnings_into_exit_1() {
    let dir = tempdir("strict");
    let warned = spec(&dir, "nodes.yaml", NODES_150);
    let r = run(&[&warned]);
    assert_eq!(r.code, 0, "{r:#?}");
    assert!(!r.stdout.is_empty());
    assert!(r.stderr.contains("warning"), "{}", r.stderr);
    for args in [
        vec!["--strict", warned.as_str()],
        vec!["render", "--strict", warned.as_str()],
        vec!["validate", "--strict", warned.as_str()],
        vec!["explain", "--strict", warned.as_str()],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 1, "{args:?}: {r:#?}");
        assert_eq!(r.stdout, "", "{args:?}");
        assert!(r.stderr.contains("typhaReplicas"), "{args:?}: {}", r.stderr);
    }
    // Without warnings --strict changes nothing.
    let clean = spec(&dir, "clean.yaml", BASE);
    assert_eq!(ok(&["--strict", &clean]), ok(&[&clean]));
}

// ---------------------------------------------------------------- closed pipe

#[test]
fn a_closed_stdout_pipe_ends_quietly() {
    let path = fixture("kitchen-sink.yaml");
    // The manifest is larger than a pipe buffer, so the writer must meet the
    // closed pipe.
    assert!(ok(&[&path]).len() > 1 << 17);
    for read_first in [0usize, 10] {
        let mut child = Command::new(BIN)
            .arg(&path)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        if read_first > 0 {
            let mut buf = vec![0u8; read_first];
            stdout.read_exact(&mut buf).unwrap();
            assert_eq!(&buf[..4], b"---\n");
        }
        drop(stdout);
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "read {read_first}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!stderr.contains("error"), "{stderr}");
    }
}

// ---------------------------------------------------------------- help

#[test]
fn help_works_for_every_subcommand_with_an_example() {
    for command in [
        &[][..],
        &["render"],
        &["validate"],
        &["explain"],
        &["schema"],
        &["crds"],
        &["versions"],
        &["diff"],
        &["aws-iam-policy"],
        &["kustomize-plugin", "install"],
        &["krm"],
        &["completions"],
        &["man"],
    ] {
        let mut args = command.to_vec();
        args.push("--help");
        let r = run(&args);
        assert_eq!(r.code, 0, "{args:?}: {r:#?}");
        assert!(r.stdout.contains("Usage:"), "{args:?}: {}", r.stdout);
        assert!(r.stdout.contains("Example"), "{args:?}: {}", r.stdout);
        assert_eq!(r.stderr, "", "{args:?}");
        // A subcommand's help opens with the summary the command list gives it.
        if let [name] = command {
            let summary = r.stdout.lines().next().unwrap_or_default();
            let top = ok(&["--help"]);
            let listed = top
                .lines()
                .find(|l| l.trim_start().starts_with(&format!("{name} ")))
                .unwrap_or_default();
            let first_words: String = summary
                .split_whitespace()
                .take(6)
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                listed.contains(&first_words),
                "{name}: help opens with {summary:?}, the list says {listed:?}"
            );
        }
        // `help <command>` says the same.
        if !command.is_empty() {
            let mut help = vec!["help"];
            help.extend_from_slice(command);
            assert_eq!(ok(&help), r.stdout, "{help:?}");
        }
    }
}

// ---------------------------------------------------------------- validate

/// A typo, an unsupported value and a type error in one file: all three,
/// in file order, in text and in JSON, located; and `render` reports the
/// same.
#[test]
fn every_error_is_found_in_one_pass_in_file_order() {
    let dir = tempdir("one-pass");
    let three = spec(
        &dir,
        "three.yaml",
        "networking:\n  calico:\n    mtu: abc\n    ipipMode: Sometimes\n    encapsulationMod: vxlan\n",
    );
    let r = run(&["validate", "-o", "json", &three]);
    assert_eq!(r.code, 1, "{r:#?}");
    let report = json(&r.stdout);
    let found: Vec<(String, u64)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_string(),
                e["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let want = [
        ("spec.networking.calico.mtu", 3),
        ("spec.networking.calico.ipipMode", 4),
        ("spec.networking.calico.encapsulationMod", 5),
    ];
    assert_eq!(
        found,
        want.map(|(p, l)| (p.to_string(), l)).to_vec(),
        "{report}"
    );
    for args in [&["validate", &three][..], &[&three]] {
        let r = run(args);
        assert_eq!(r.code, 1);
        let heads: Vec<&str> = r
            .stderr
            .lines()
            .filter(|l| !l.starts_with("    |"))
            .collect();
        assert_eq!(heads.len(), 3, "{args:?}: {}", r.stderr);
        for (line, (path, n)) in heads.iter().zip(want) {
            assert!(line.starts_with(&format!("{three}:{n}:")), "{line}");
            assert!(line.contains(path), "{line}");
        }
    }
}

/// The usual mistakes get a hint that says what to write instead, and no
/// message shows an internal placeholder.
#[test]
fn usual_mistakes_get_hints() {
    let dir = tempdir("hints");
    for (name, text, want) in [
        ("tab.yaml", "networking:\n\tcalico: {}\n", ":2:2: tabs disallowed"),
        ("tab.yaml", "networking:\n\tcalico: {}\n", ": indent with spaces"),
        ("float.yaml", "networking:\n  calico:\n    typhaReplicas: 3.0\n", "typhaReplicas: expected an integer, found number 3; write 3"),
        ("auto.yaml", "networking:\n  calico:\n    mtu: auto\n", "mtu: expected an integer, found string \"auto\"; omit it, or write 0, to auto-detect the MTU"),
        ("level.yaml", "networking:\n  mtu: 1400\n  calico: {}\n", "spec.networking.mtu: unknown field `mtu` in spec.networking (`mtu` belongs under spec.networking.calico)"),
        ("top.yaml", "mtu: 1400\nnetworking:\n  calico: {}\n", "warning: spec.mtu: unknown field `mtu` is not a kOps cluster spec field and is ignored (`mtu` belongs under spec.networking.calico)"),
        ("empty.yaml", "", "empty.yaml:1:1: the input holds no YAML document"),
        ("list.yaml", "- a\n", "list.yaml:1:1: expected a mapping"),
        ("two.yaml", "networking: {calico: {}}\n---\nnetworking: {calico: {}}\n", "two.yaml:1:1: document 1: a bare cluster spec"),
    ] {
        let path = spec(&dir, name, text);
        let r = run(&["validate", &path]);
        assert!(r.stderr.contains(want), "{name}: want {want:?} in:\n{}", r.stderr);
        assert!(!r.stderr.contains("<input>") && !r.stderr.contains("<document"), "{}", r.stderr);
    }
}

/// `validate --strict` ends with a verdict; two FILEs are a plain usage error.
#[test]
fn strict_verdict_and_one_file_at_a_time() {
    let ebpf = fixture("doc-ebpf.yaml");
    let r = run(&["validate", "--strict", &ebpf]);
    assert_eq!(r.code, 1, "{r:#?}");
    assert_eq!(
        r.stderr.lines().last().unwrap_or_default(),
        format!("{ebpf}: invalid: 0 error(s), 2 warning(s) (--strict treats warnings as errors)")
    );
    assert_eq!(r.stdout, "");
    let r = run(&["validate", "--strict", &fixture("doc-installing.yaml")]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.ends_with(": valid\n"), "{r:#?}");
    let other = fixture("doc-typha.yaml");
    let r = run(&[&ebpf, &other]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.starts_with(&format!(
            "error: calico-render reads one spec FILE; {other:?} is a second one"
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("calico-render diff OLD NEW"),
        "{}",
        r.stderr
    );
}

/// Every error of `validate -o json` has a line and a column, also when
/// the field it is about is not in the input (it is placed at the nearest
/// enclosing field) or the input holds no document.
#[test]
fn every_json_error_has_a_line_and_a_column() {
    let dir = tempdir("json-lines");
    for (name, text) in [
        ("bpf.yaml", "networking:\n  calico:\n    bpfEnabled: true\n"),
        ("empty.yaml", ""),
        ("ig.yaml", "apiVersion: kops.k8s.io/v1alpha2\nkind: InstanceGroup\nmetadata: {name: n}\nspec: {maxSize: 3}\n"),
        ("bad.yaml", "networking:\n  calico:\n    mtu: abc\n    ipipMode: Sometimes\n"),
        ("no-calico.yaml", "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: a.example.com}\nspec: {cloudProvider: aws}\n"),
    ] {
        let r = run(&["validate", "-o", "json", &spec(&dir, name, text)]);
        assert_eq!(r.code, 1, "{name}: {r:#?}");
        let report = json(&r.stdout);
        let errors = report["errors"].as_array().unwrap();
        assert!(!errors.is_empty(), "{name}");
        for e in errors {
            assert!(e["line"].as_u64().is_some_and(|l| l >= 1), "{name}: {e}");
            assert!(e["column"].as_u64().is_some_and(|c| c >= 1), "{name}: {e}");
        }
    }
}

#[test]
fn validate_json_reports_errors_and_warnings() {
    let dir = tempdir("validate");
    let bad = spec(&dir, "bad.yaml", INVALID);
    let warned = spec(&dir, "nodes.yaml", NODES_150);
    let clean = spec(&dir, "clean.yaml", BASE);

    let r = run(&["validate", "--output", "json", &bad]);
    assert_eq!(r.code, 1, "{r:#?}");
    let report = json(&r.stdout);
    assert_eq!(keys(&report), ["errors", "valid", "warnings"]);
    assert_eq!(report["valid"], false);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{report}");
    assert_eq!(
        keys(&errors[0]),
        ["column", "line", "message", "path", "type", "value"]
    );
    assert_eq!(errors[0]["path"], "spec.networking.calico.ipipMode");
    assert_eq!(
        (errors[0]["line"].as_u64(), errors[0]["column"].as_u64()),
        (Some(3), Some(15))
    );
    assert_eq!(errors[0]["type"], "FieldValueNotSupported");
    assert_eq!(errors[0]["value"], "Sometimes");
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("CrossSubnet"));

    let r = run(&["validate", "--output", "json", &warned]);
    assert_eq!(r.code, 0, "warnings alone keep exit 0: {r:#?}");
    let report = json(&r.stdout);
    assert_eq!(keys(&report), ["errors", "valid", "warnings"]);
    assert_eq!(report["valid"], true);
    assert_eq!(report["errors"], Value::Array(vec![]));
    let warnings = report["warnings"].as_array().unwrap();
    assert!(!warnings.is_empty());
    for w in warnings {
        assert_eq!(keys(w), ["message", "path"], "{w}");
    }

    let report = json(&ok(&["validate", "--output", "json", &clean]));
    assert_eq!(
        report,
        serde_json::json!({"valid": true, "errors": [], "warnings": []})
    );
    // Text form: "valid" on stdout.
    assert_eq!(ok(&["validate", &clean]), format!("{clean}: valid\n"));
}

// ---------------------------------------------------------------- explain

/// `explain --output json` rows as (path, value) pairs, checking the shape.
fn explain_rows(args: &[&str]) -> Vec<(String, Value, String)> {
    let mut full = vec!["explain", "--output", "json"];
    full.extend_from_slice(args);
    let rows = json(&ok(&full));
    rows.as_array()
        .unwrap()
        .iter()
        .map(|row| {
            assert_eq!(keys(row), ["path", "source", "value"], "{row}");
            (
                row["path"].as_str().unwrap().to_string(),
                row["value"].clone(),
                row["source"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn row<'a>(rows: &'a [(String, Value, String)], path: &str) -> &'a (String, Value, String) {
    rows.iter()
        .find(|r| r.0 == path)
        .unwrap_or_else(|| panic!("no row {path}: {rows:#?}"))
}

#[test]
fn explain_json_lists_every_setting_with_its_source() {
    let rows = explain_rows(&[&fixture("cloud-aws.yaml")]);
    let sources = [
        "user",
        "option",
        "kops-default",
        "cloud-rule",
        "ipv6-rule",
        "kops-version-rule",
        "template-fallback",
        "derived",
        "extension-default",
        "unset",
        "kops-pin",
    ];
    for r in &rows {
        assert!(sources.contains(&r.2.as_str()), "{r:?}");
    }
    let aws = row(&rows, "spec.cloudProvider");
    assert_eq!((&aws.1, aws.2.as_str()), (&Value::from("aws"), "user"));
    let check = row(&rows, "spec.networking.calico.awsSrcDstCheck");
    assert_eq!(
        (&check.1, check.2.as_str()),
        (&Value::from("Disable"), "cloud-rule")
    );
    // No advice without node count or host MTU.
    assert!(
        rows.iter().all(|r| !r.0.starts_with("(advice)")),
        "{rows:#?}"
    );
}

#[test]
fn explain_advises_typha_replicas_for_the_node_count() {
    let path = fixture("doc-installing.yaml");
    let rows = explain_rows(&["--node-count", "450", &path]);
    let advice = row(&rows, "(advice) typhaReplicas for 450 nodes");
    assert_eq!(advice.1, 4, "the operator's table: 450/200 + 2");
    let nodes = row(&rows, "spec.nodeCount");
    assert_eq!((&nodes.1, nodes.2.as_str()), (&Value::from(450), "option"));
    // The flag overrides the spec's own nodeCount.
    let dir = tempdir("explain-nodes");
    let own = spec(&dir, "nodes.yaml", NODES_150);
    let rows = explain_rows(&[&own]);
    assert_eq!(row(&rows, "(advice) typhaReplicas for 150 nodes").1, 3);
    let rows = explain_rows(&["--node-count", "1000", &own]);
    assert_eq!(row(&rows, "(advice) typhaReplicas for 1000 nodes").1, 7);
}

#[test]
fn explain_advises_the_pod_mtu_for_the_host_mtu() {
    let dir = tempdir("explain-mtu");
    for (name, calico, want) in [
        ("ipip", "{}", 8981),
        ("vxlan", "{encapsulationMode: vxlan}", 8951),
        ("wireguard", "{wireguardEnabled: true}", 8941),
    ] {
        let path = spec(
            &dir,
            &format!("{name}.yaml"),
            &format!("networking:\n  calico: {calico}\n"),
        );
        let rows = explain_rows(&["--host-mtu", "9001", &path]);
        assert_eq!(
            row(&rows, "(advice) mtu for hostMTU 9001").1,
            want,
            "{name}"
        );
    }
}

// ---------------------------------------------------------------- schema, crds

#[test]
fn schema_prints_the_json_schema() {
    let schema = json(&ok(&["schema"]));
    assert!(
        schema["$schema"]
            .as_str()
            .is_some_and(|s| s.starts_with("https://json-schema.org/")),
        "{}",
        schema["$schema"]
    );
    assert_eq!(schema["title"], "CalicoNetworking");
    assert_eq!(schema["type"], "object");
    assert!(schema["properties"]["spec"].is_object());
}

#[test]
fn crds_prints_the_24_custom_resource_definitions() {
    let docs = docs(&ok(&["crds"]));
    assert_eq!(docs.len(), 24);
    for d in &docs {
        assert_eq!(d["kind"], "CustomResourceDefinition", "{}", d["metadata"]);
        assert_eq!(d["apiVersion"], "apiextensions.k8s.io/v1");
        // The name is <plural>.<group>, as Kubernetes requires.
        let spec = &d["spec"];
        assert_eq!(
            d["metadata"]["name"].as_str().unwrap(),
            format!(
                "{}.{}",
                spec["names"]["plural"].as_str().unwrap(),
                spec["group"].as_str().unwrap()
            )
        );
    }
    // The same CRDs as in the full manifest.
    let manifest: Vec<Value> = docs_of_kind(
        &ok(&[&fixture("doc-installing.yaml")]),
        "CustomResourceDefinition",
    );
    assert_eq!(manifest, docs);
    // And as JSON.
    let list = json(&ok(&["crds", "--format", "json"]));
    assert_eq!(list["items"].as_array().unwrap(), &docs);
}

fn docs_of_kind(yaml: &str, kind: &str) -> Vec<Value> {
    docs(yaml)
        .into_iter()
        .filter(|d| d["kind"] == kind)
        .collect()
}

// ---------------------------------------------------------------- diff

/// Writes two specs and runs `diff` on them with `extra` flags.
fn diff(dir: &Path, old: &str, new: &str, extra: &[&str]) -> Run {
    let old = spec(dir, "old.yaml", old);
    let new = spec(dir, "new.yaml", new);
    let mut args = vec!["diff"];
    args.extend_from_slice(extra);
    args.push(&old);
    args.push(&new);
    run(&args)
}

const EBPF: &str = "kubeProxy:\n  enabled: false\nnetworking:\n  calico:\n    bpfEnabled: true\n";

#[test]
fn diff_exit_codes() {
    let dir = tempdir("diff-codes");
    let cpu = "networking:\n  calico:\n    cpuRequest: 500m\n";
    for (old, new, code) in [
        (BASE, BASE, 0),
        (BASE, cpu, 0),
        (BASE, EBPF, 3),
        (EBPF, BASE, 3),
        (INVALID, BASE, 1),
        (BASE, INVALID, 1),
    ] {
        for output in [&[][..], &["--output", "json"][..]] {
            let r = diff(&dir, old, new, output);
            assert_eq!(r.code, code, "{old} → {new} {output:?}: {r:#?}");
            if code == 1 {
                assert_eq!(r.stdout, "");
                assert!(
                    r.stderr.contains("spec.networking.calico.ipipMode"),
                    "{}",
                    r.stderr
                );
            }
        }
    }
}

#[test]
fn diff_text_marks_disruptive_changes_with_the_reason() {
    let dir = tempdir("diff-text");
    let r = diff(&dir, BASE, EBPF, &[]);
    assert_eq!(r.code, 3, "{r:#?}");
    let out = &r.stdout;
    assert!(
        out.contains("spec.networking.calico.bpfEnabled: false → true  [DISRUPTIVE]"),
        "{out}"
    );
    assert!(
        out.contains("spec.kubeProxy.enabled: true → false  [DISRUPTIVE]"),
        "{out}"
    );
    assert!(
        out.contains("kubernetes-services-endpoint ConfigMap first"),
        "{out}"
    );
    assert!(
        out.contains("added ConfigMap kube-system/kubernetes-services-endpoint"),
        "{out}"
    );
    assert!(
        out.contains("changed DaemonSet kube-system/calico-node"),
        "{out}"
    );

    let r = diff(
        &dir,
        BASE,
        "networking:\n  calico:\n    cpuRequest: 500m\n",
        &[],
    );
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .contains("spec.networking.calico.cpuRequest: \"250m\" → \"500m\"  [safe]"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("DISRUPTIVE"));

    let r = diff(&dir, BASE, BASE, &[]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "settings: no change\n"),
        "{r:#?}"
    );
}

/// `diff --output json`, shape-checked.
fn diff_json(dir: &Path, old: &str, new: &str) -> (i32, Value) {
    let r = diff(dir, old, new, &["--output", "json"]);
    let d = json(&r.stdout);
    assert_eq!(
        keys(&d),
        ["disruptive", "objects", "plan", "settings"],
        "{d}"
    );
    for s in d["settings"].as_array().unwrap() {
        assert_eq!(
            keys(s),
            ["disruptive", "new", "old", "path", "reason"],
            "{s}"
        );
    }
    for o in d["objects"].as_array().unwrap() {
        assert_eq!(
            keys(o),
            [
                "apiVersion",
                "change",
                "details",
                "kind",
                "name",
                "namespace"
            ],
            "{o}"
        );
        assert!(["added", "removed", "changed"].contains(&o["change"].as_str().unwrap()));
        let details = o["details"].as_array().unwrap();
        // Only a changed object says what changed in it, and always something.
        assert_eq!(o["change"] == "changed", !details.is_empty(), "{o}");
        for d in details {
            let k = keys(d);
            assert!(k.contains(&"path") && k.contains(&"what"), "{d}");
        }
    }
    (r.code, d)
}

/// The objects of a JSON diff as "change kind namespace/name".
fn object_lines(d: &Value) -> Vec<String> {
    d["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            format!(
                "{} {} {}/{}",
                o["change"].as_str().unwrap(),
                o["kind"].as_str().unwrap(),
                o["namespace"].as_str().unwrap_or(""),
                o["name"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn diff_json_lists_settings_and_added_removed_changed_objects() {
    let dir = tempdir("diff-json");
    let typha = "networking:\n  calico:\n    typhaReplicas: 2\n";

    let (code, d) = diff_json(&dir, BASE, typha);
    assert_eq!(code, 3);
    assert_eq!(d["disruptive"], true);
    assert_eq!(
        d["settings"],
        serde_json::json!([{
            "path": "spec.networking.calico.typhaReplicas",
            "old": 0,
            "new": 2,
            "disruptive": true,
            "reason": d["settings"][0]["reason"],
        }])
    );
    assert!(d["settings"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("Typha"));
    assert_eq!(
        object_lines(&d),
        [
            "changed ConfigMap kube-system/calico-config",
            "changed DaemonSet kube-system/calico-node",
            "added PodDisruptionBudget kube-system/calico-typha",
            "added Service kube-system/calico-typha",
            "added Deployment kube-system/calico-typha",
        ]
    );
    let deployment = d["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] == "Deployment")
        .unwrap();
    assert_eq!(deployment["apiVersion"], "apps/v1");

    // And back: the Typha objects are removed.
    let (code, d) = diff_json(&dir, typha, BASE);
    assert_eq!(code, 3);
    let lines = object_lines(&d);
    for kind in ["PodDisruptionBudget", "Service", "Deployment"] {
        assert!(
            lines.contains(&format!("removed {kind} kube-system/calico-typha")),
            "{lines:?}"
        );
    }

    // A safe change: disruptive false, exit 0.
    let (code, d) = diff_json(
        &dir,
        typha,
        "networking:\n  calico:\n    typhaReplicas: 3\n",
    );
    assert_eq!(code, 0);
    assert_eq!(d["disruptive"], false);
    assert_eq!(d["settings"][0]["disruptive"], false);
    assert_eq!(
        object_lines(&d),
        ["changed Deployment kube-system/calico-typha"]
    );

    // Nothing changes.
    let (code, d) = diff_json(&dir, BASE, BASE);
    assert_eq!(code, 0);
    assert_eq!(
        d,
        serde_json::json!({"disruptive": false, "settings": [], "objects": [], "plan": []})
    );
}

// ---------------------------------------------------------------- aws-iam-policy

#[test]
fn aws_iam_policy_for_aws_ipv4() {
    let dir = tempdir("iam");
    let enable = spec(
        &dir,
        "enable.yaml",
        "cloudProvider: aws\nnetworking:\n  calico:\n    awsSrcDstCheck: Enable\n",
    );
    for path in [
        fixture("cloud-aws.yaml"),
        fixture("opt-aws-srcdstcheck-disable.yaml"),
        enable,
    ] {
        let r = run(&["aws-iam-policy", &path]);
        assert_eq!(r.code, 0, "{r:#?}");
        assert_eq!(
            json(&r.stdout),
            serde_json::json!({
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Action": ["ec2:DescribeInstances", "ec2:ModifyNetworkInterfaceAttribute"],
                    "Resource": "*"
                }]
            }),
            "{path}"
        );
    }
}

#[test]
fn aws_iam_policy_is_empty_when_not_needed_and_says_why() {
    let dir = tempdir("iam-none");
    let ipv6 = spec(
        &dir,
        "ipv6.yaml",
        "cloudProvider: aws\nnonMasqueradeCIDR: ::/0\nnetworking:\n  calico: {}\n",
    );
    let no_cloud = spec(&dir, "none.yaml", BASE);
    for (path, why) in [
        (fixture("cloud-gce.yaml"), "gce"),
        (ipv6, "IPv6"),
        (fixture("opt-aws-srcdstcheck-donothing.yaml"), "DoNothing"),
        (no_cloud, "not AWS"),
    ] {
        let r = run(&["aws-iam-policy", &path]);
        assert_eq!(r.code, 0, "{path}: {r:#?}");
        assert_eq!(r.stdout, "", "{path}");
        assert!(
            r.stderr.contains("no IAM policy needed"),
            "{path}: {}",
            r.stderr
        );
        assert!(r.stderr.contains(why), "{path}: {}", r.stderr);
    }
}

// ---------------------------------------------------------------- warnings

#[test]
fn sizing_warnings_are_visible() {
    let dir = tempdir("warnings");
    let nodes = spec(&dir, "nodes.yaml", NODES_150);
    let r = run(&[&nodes]);
    assert_eq!(r.code, 0, "{r:#?}");
    let typha = r
        .stderr
        .lines()
        .find(|l| l.contains("spec.networking.calico.typhaReplicas"))
        .unwrap_or_else(|| panic!("no Typha warning: {}", r.stderr));
    assert!(typha.starts_with(&format!("{nodes}: warning: ")), "{typha}");
    assert!(typha.contains("typhaReplicas: 3"), "{typha}");
    let mesh = r
        .stderr
        .lines()
        .find(|l| l.contains("full mesh"))
        .unwrap_or_else(|| panic!("no route-reflector warning: {}", r.stderr));
    assert!(mesh.contains("spec.bgp.routeReflectors"), "{mesh}");

    // The same warnings through validate --output json.
    let report = json(&ok(&["validate", "--output", "json", &nodes]));
    let paths: Vec<&str> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&"spec.networking.calico.typhaReplicas"),
        "{paths:?}"
    );
    assert!(paths.contains(&"spec.bgp.routeReflectors"), "{paths:?}");

    // With route reflectors configured the mesh warning is gone; with
    // Typha, the Typha warning.
    let reflectors = spec(
        &dir,
        "rr.yaml",
        &format!("nodeCount: 150\n{RR}networking:\n  calico:\n    typhaReplicas: 3\n"),
    );
    let r = run(&[&reflectors]);
    assert_eq!(r.code, 0, "{r:#?}");
    assert!(!r.stderr.contains("full mesh"), "{}", r.stderr);
    assert!(!r.stderr.contains("Typha"), "{}", r.stderr);
    let report = json(&ok(&["validate", "--output", "json", &reflectors]));
    assert_eq!(report["warnings"], Value::Array(vec![]), "{report}");
}

#[test]
fn route_reflectors_on_is_a_disruptive_diff() {
    let dir = tempdir("diff-rr");
    let with_rr = format!("{RR}{BASE}");
    let (code, d) = diff_json(&dir, BASE, &with_rr);
    assert_eq!(code, 3);
    let paths: Vec<&str> = d["settings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["path"].as_str().unwrap())
        .collect();
    // The AS number is Calico's default (64512) on both sides.
    assert_eq!(paths, ["spec.bgp.routeReflectors"]);
    assert!(d["settings"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("projectcalico.org/RouteReflectorClusterID"));
    let peer_name = d["objects"][0]["name"].as_str().unwrap().to_string();
    assert_eq!(
        object_lines(&d),
        [
            format!("added BGPPeer /{peer_name}"),
            "added BGPConfiguration /default".to_string()
        ]
    );
    // And off again: both objects leave the manifest.
    let (code, d) = diff_json(&dir, &with_rr, BASE);
    assert_eq!(code, 3);
    assert_eq!(
        object_lines(&d),
        [
            format!("removed BGPPeer /{peer_name}"),
            "removed BGPConfiguration /default".to_string()
        ]
    );
}

#[test]
fn explain_shows_route_reflectors_with_the_spec_field_names() {
    let dir = tempdir("explain-rr");
    let path = spec(&dir, "rr.yaml", &format!("{RR}{BASE}"));
    let rows = explain_rows(&[&path]);
    assert_eq!(
        row(&rows, "spec.bgp.routeReflectors").1,
        serde_json::json!({"nodeSelector": "route-reflector == 'true'", "clusterID": "244.0.0.1"})
    );
}

#[test]
fn route_reflectors_render_the_bgp_peer_before_the_bgp_configuration() {
    let dir = tempdir("render-rr");
    let path = spec(&dir, "rr.yaml", &format!("{RR}{BASE}"));
    let docs = docs(&ok(&[&path]));
    let position = |kind: &str| {
        docs.iter()
            .position(|d| d["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind}"))
    };
    let (peer, config) = (position("BGPPeer"), position("BGPConfiguration"));
    let crds = docs
        .iter()
        .rposition(|d| d["kind"] == "CustomResourceDefinition")
        .unwrap();
    assert!(
        crds < peer && peer < config,
        "CRDs, then BGPPeer, then BGPConfiguration"
    );
    assert_eq!(docs[peer]["apiVersion"], "crd.projectcalico.org/v1");
    assert_eq!(docs[peer]["spec"]["nodeSelector"], "all()");
    assert_eq!(
        docs[peer]["spec"]["peerSelector"],
        "route-reflector == 'true'"
    );
    assert_eq!(docs[config]["apiVersion"], "crd.projectcalico.org/v1");
    assert_eq!(docs[config]["metadata"]["name"], "default");
    assert_eq!(docs[config]["spec"]["nodeToNodeMeshEnabled"], false);
    assert_eq!(docs[config]["spec"]["asNumber"], 64512);
    // Exactly one of each.
    assert_eq!(docs_of_kind(&ok(&[&path]), "BGPPeer").len(), 1);
    assert_eq!(docs_of_kind(&ok(&[&path]), "BGPConfiguration").len(), 1);
    // Without spec.bgp: neither object.
    let plain = ok(&[&fixture("doc-installing.yaml")]);
    assert!(docs_of_kind(&plain, "BGPPeer").is_empty());
    assert!(docs_of_kind(&plain, "BGPConfiguration").is_empty());
    // An AS number alone: the mesh stays on, no peer.
    let as_only = spec(
        &dir,
        "as.yaml",
        &format!("bgp: {{asNumber: 65000}}\n{BASE}"),
    );
    let out = ok(&[&as_only]);
    assert!(docs_of_kind(&out, "BGPPeer").is_empty());
    let config = docs_of_kind(&out, "BGPConfiguration");
    assert_eq!(config.len(), 1);
    assert_eq!(config[0]["spec"]["asNumber"], 65000);
    assert_eq!(config[0]["spec"]["nodeToNodeMeshEnabled"], true);
}

#[test]
fn output_dir_does_not_mix_with_an_earlier_render() {
    let dir = tempdir("output-dir-stale");
    let out = dir.join("out");
    let out = out.to_str().unwrap();
    assert_eq!(
        run(&["--output-dir", out, &fixture("doc-typha.yaml")]).code,
        0
    );
    let r = run(&["--output-dir", out, &fixture("doc-installing.yaml")]);
    // The earlier render is replaced: DIR holds exactly the new render.
    let want = docs(&ok(&[&fixture("doc-installing.yaml")])).len();
    let files = std::fs::read_dir(dir.join("out")).unwrap().count();
    assert_eq!((r.code, files), (0, want), "{r:#?}");
    // A directory holding anything else is refused, untouched.
    std::fs::write(dir.join("out").join("notes.txt"), "mine").unwrap();
    let r = run(&["--output-dir", out, &fixture("doc-typha.yaml")]);
    assert_eq!(r.code, 2, "{r:#?}");
    assert!(r.stderr.contains("notes.txt"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_dir(dir.join("out")).unwrap().count(),
        want + 1
    );
}

#[test]
fn output_dir_that_is_a_file_is_a_usage_error() {
    let dir = tempdir("output-dir-file");
    let file = spec(&dir, "not-a-dir", "x");
    let r = run(&["--output-dir", &file, &fixture("doc-installing.yaml")]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""), "{r:#?}");
    assert!(r.stderr.contains("not-a-dir"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
    // --format and --output-dir do not go together.
    let r = run(&[
        "--format",
        "json",
        "--output-dir",
        dir.join("o").to_str().unwrap(),
        &fixture("doc-installing.yaml"),
    ]);
    assert_eq!(r.code, 2, "{r:#?}");
    assert!(!dir.join("o").exists());
}

/// `crds` prints the CRDs of the spec's release, or of the kOps line's pin.
#[test]
fn crds_follow_the_release() {
    let names = |args: &[&str]| -> Vec<String> {
        docs(&ok(args))
            .iter()
            .map(|d| d["metadata"]["name"].as_str().unwrap().to_string())
            .collect()
    };
    let v3_32 = names(&["crds", &fixture("release-v3-32-1.yaml")]);
    assert_eq!(v3_32.len(), 23);
    assert!(v3_32.contains(&"clusternetworkpolicies.policy.networking.k8s.io".to_string()));
    assert!(!v3_32.iter().any(|n| n.starts_with("adminnetworkpolicies")));
    let kops_1_32 = names(&["crds", "--kops-version", "1.32"]);
    assert_eq!(kops_1_32.len(), 20, "v3.29.4");
    assert!(kops_1_32.contains(&"tiers.crd.projectcalico.org".to_string()));
    assert_eq!(
        names(&["crds", "--kops-version", "1.30"]).len(),
        18,
        "v3.27.3"
    );
    // The same CRDs as the full render of that spec.
    let manifest = docs(&ok(&[&fixture("release-v3-32-1.yaml")]));
    let in_manifest: Vec<&serde_json::Value> = manifest
        .iter()
        .filter(|d| d["kind"] == "CustomResourceDefinition")
        .collect();
    let alone = docs(&ok(&["crds", &fixture("release-v3-32-1.yaml")]));
    assert_eq!(in_manifest, alone.iter().collect::<Vec<_>>());
    // A kOps line whose pin calico-render does not render, without a spec.
    let r = run(&["crds", "--kops-version", "1.25"]);
    assert_ne!(r.code, 0);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("kOps 1.25 pins"), "{}", r.stderr);
}

/// `--kops-version` implies that line's pin; the spec's version wins.
#[test]
fn the_kops_version_implies_its_pin() {
    let image = |args: &[&str]| -> String {
        ok(args)
            .lines()
            .find(|l| l.contains("calico/node:"))
            .unwrap()
            .trim()
            .to_string()
    };
    let bare = fixture("doc-installing.yaml");
    assert!(image(&[&bare]).ends_with("calico/node:v3.31.6\""));
    assert!(image(&["--kops-version", "1.36", &bare]).ends_with("calico/node:v3.31.3\""));
    assert!(image(&["--kops-version", "1.28", &bare]).ends_with("calico/node:v3.27.3\""));
    let pinned = fixture("release-v3-30-7.yaml");
    assert!(image(&["--kops-version", "1.28", &pinned]).ends_with("calico/node:v3.30.7\""));
    let rows = explain_rows(&["--kops-version", "1.34", &bare]);
    let release = row(&rows, "(rendered) Calico release");
    assert_eq!(
        (&release.1, release.2.as_str()),
        (&Value::from("v3.30.3"), "kops-pin")
    );
}

// ---------------------------------------------------------------- profiles

#[test]
fn profile_flag_renders_upstreams_manifest() {
    let path = fixture("doc-installing.yaml");
    let kops = docs(&ok(&[&path]));
    let upstream = docs(&ok(&["--profile", "upstream", &path]));
    let image = |docs: &[Value]| {
        docs.iter()
            .find(|d| d["kind"] == "DaemonSet")
            .map(|d| d["spec"]["template"]["spec"]["containers"][0]["image"].clone())
            .unwrap()
    };
    assert_eq!(image(&kops), "docker.io/calico/node:v3.31.6");
    assert_eq!(image(&upstream), "quay.io/calico/node:v3.31.6");
    // The flag overrides the spec's own profile.
    let back = docs(&ok(&[
        "--profile",
        "kops",
        &fixture("upstream-default.yaml"),
    ]));
    assert_eq!(back, kops);
    // An unknown profile is a usage error.
    let r = run(&["--profile", "helm", &path]);
    assert_eq!(r.code, 2, "{r:#?}");
    assert!(r.stderr.contains("upstream, operator"), "{}", r.stderr);
    // explain names the profile and where it came from.
    let rows = explain_rows(&["--profile", "upstream", &path]);
    assert_eq!(row(&rows, "spec.profile").1, "upstream");
    assert_eq!(row(&rows, "spec.profile").2, "option");
}

#[test]
fn diff_between_profiles_lists_what_changes() {
    let dir = tempdir("diff-profiles");
    let upstream = "profile: upstream\nnetworking:\n  calico: {}\n";
    let r = diff(&dir, BASE, upstream, &[]);
    assert_eq!(r.code, 3, "{r:#?}");
    let out = &r.stdout;
    assert!(
        out.contains("spec.profile: \"kops\" → \"upstream\"  [DISRUPTIVE]"),
        "{out}"
    );
    assert!(
        out.contains("spec.networking.calico.registry: \"docker.io\" → \"quay.io\""),
        "{out}"
    );
    assert!(
        out.contains("changed Deployment kube-system/calico-kube-controllers"),
        "{out}"
    );
    let (code, d) = diff_json(&dir, BASE, upstream);
    assert_eq!(code, 3);
    assert!(d["settings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["path"] == "spec.profile" && s["disruptive"] == true));
}

// ---------------------------------------------------------------- upgrades

fn release_spec(profile: &str, version: &str) -> String {
    format!("profile: {profile}\nnetworking:\n  calico:\n    version: {version}\n")
}

/// The object entry of `d` for `kind name`.
fn object<'a>(d: &'a Value, kind: &str, name: &str) -> Option<&'a Value> {
    d["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] == kind && o["name"] == name)
}

#[test]
fn release_upgrades_and_downgrades() {
    let dir = tempdir("diff-releases");
    for profile in ["kops", "upstream"] {
        let spec = |v: &str| release_spec(profile, v);
        // A patch upgrade: a rolling update; calico-node's new volume is listed.
        let (code, d) = diff_json(&dir, &spec("v3.31.6"), &spec("v3.31.7"));
        assert_eq!(code, 0, "{profile}: {d}");
        let version = d["settings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["path"] == "spec.networking.calico.version")
            .unwrap();
        assert_eq!(version["disruptive"], false);
        let node = object(&d, "DaemonSet", "calico-node").unwrap();
        assert_eq!(node["change"], "changed");
        assert!(node["details"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["what"] == "volume"
                && x["path"] == "spec.template.spec.volumes[sys-kernel-security]"
                && x["new"]["hostPath"]["path"] == "/sys/kernel/security"));
        assert!(d["plan"].as_array().unwrap()[0]
            .as_str()
            .unwrap()
            .contains("calico-render crds"));
        // The next minor: exit 0.
        let (code, d) = diff_json(&dir, &spec("v3.30.7"), &spec("v3.31.6"));
        assert_eq!(code, 0, "{profile}: {d}");
        // 3.31 → 3.32: the admin policy kinds give way to ClusterNetworkPolicy.
        let (code, d) = diff_json(&dir, &spec("v3.31.6"), &spec("v3.32.1"));
        assert_eq!(code, 3, "{profile}");
        for gone in [
            "adminnetworkpolicies.policy.networking.k8s.io",
            "baselineadminnetworkpolicies.policy.networking.k8s.io",
        ] {
            assert_eq!(
                object(&d, "CustomResourceDefinition", gone).unwrap()["change"],
                "removed"
            );
        }
        let cnp = "clusternetworkpolicies.policy.networking.k8s.io";
        assert_eq!(
            object(&d, "CustomResourceDefinition", cnp).unwrap()["change"],
            "added"
        );
        assert!(d["settings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["disruptive"] == true
                && s["reason"].as_str().unwrap().contains("AdminNetworkPolicy")));
        // A downgrade: exit 3, and the reason says so.
        let (code, d) = diff_json(&dir, &spec("v3.31.6"), &spec("v3.30.7"));
        assert_eq!(code, 3, "{profile}");
        assert!(d["settings"].as_array().unwrap().iter().any(
            |s| s["disruptive"] == true && s["reason"].as_str().unwrap().contains("downgrade")
        ));
    }
    // Across profiles too: kOps v3.31.6 → upstream v3.31.7.
    let (code, d) = diff_json(
        &dir,
        &release_spec("kops", "v3.31.6"),
        &release_spec("upstream", "v3.31.7"),
    );
    assert_eq!(code, 3, "the profile change itself is disruptive: {d}");
    assert!(d["settings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["path"] == "spec.networking.calico.version" && s["disruptive"] == false));
}

#[test]
fn a_release_change_ends_with_the_plan() {
    let dir = tempdir("diff-plan");
    let r = diff(
        &dir,
        &release_spec("kops", "v3.31.6"),
        &release_spec("kops", "v3.32.1"),
        &[],
    );
    assert_eq!(r.code, 3, "{r:#?}");
    let plan = r
        .stdout
        .split("plan (v3.31.6 → v3.32.1):\n")
        .nth(1)
        .expect("a plan");
    let steps: Vec<&str> = plan.lines().collect();
    assert_eq!(steps.len(), 4, "{plan}");
    assert!(
        steps[0].starts_with("  1. apply the new release's CRDs first: calico-render crds ")
            && steps[0].contains("new.yaml"),
        "{plan}"
    );
    assert!(
        steps[1].contains("admin_network_policies_removed"),
        "{plan}"
    );
    assert!(steps[2].contains("apply the manifest"), "{plan}");
    assert!(steps[3].contains("calicoctl v3.32.1"), "{plan}");
    // The plan's commands carry the flags that shaped the new spec.
    let r = diff(
        &dir,
        BASE,
        BASE,
        &["--kops-version", "1.32", "--profile", "upstream"],
    );
    assert!(!r.stdout.contains("plan ("), "{}", r.stdout);
    let r = diff(
        &dir,
        &release_spec("kops", "v3.30.7"),
        &release_spec("kops", "v3.31.6"),
        &["--profile", "upstream"],
    );
    assert!(
        r.stdout
            .contains("new.yaml --profile upstream | kubectl apply --server-side"),
        "{}",
        r.stdout
    );
    // No release change, no plan.
    let r = diff(&dir, BASE, "networking:\n  calico:\n    mtu: 1440\n", &[]);
    assert!(!r.stdout.contains("plan ("), "{}", r.stdout);
}

// ---------------------------------------------------------------- operator

#[test]
fn operator_profile_renders_the_install_then_the_custom_resources() {
    let path = fixture("operator-default.yaml");
    let all = docs(&ok(&[&path]));
    let kinds: Vec<&str> = all.iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds[0], "Namespace");
    let deployment = kinds.iter().position(|k| *k == "Deployment").unwrap();
    let installation = kinds.iter().position(|k| *k == "Installation").unwrap();
    assert!(deployment < installation, "{kinds:?}");
    // Each part alone, and together the whole.
    let install = docs(&ok(&["--part", "install", &path]));
    let resources = docs(&ok(&["--part", "resources", &path]));
    assert_eq!(install.len() + resources.len(), all.len());
    assert_eq!(install.last().unwrap()["kind"], "Deployment");
    assert_eq!(resources[0]["kind"], "Installation");
    // --part with --output-dir: the part's files, numbered from 1.
    let dir = tempdir("operator-parts");
    let out = dir.join("resources");
    let r = run(&[
        "--part",
        "resources",
        "--output-dir",
        out.to_str().unwrap(),
        &path,
    ]);
    assert_eq!(r.code, 0, "{r:#?}");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(names[0], "001-installation-default.yaml");
    assert_eq!(names.len(), resources.len());
    // An empty part says so on stderr and writes nothing.
    let r = run(&["--part", "resources", &fixture("doc-installing.yaml")]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{r:#?}");
    assert!(r.stderr.contains("no objects"), "{}", r.stderr);
    // crds names who installs them in this profile.
    let r = run(&["crds", &path]);
    assert_eq!(r.code, 0, "{r:#?}");
    assert!(
        r.stderr.contains("the operator installs these CRDs"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("kind: CustomResourceDefinition"));
    // --profile operator over a kOps spec.
    let flagged = docs(&ok(&[
        "--profile",
        "operator",
        &fixture("doc-installing.yaml"),
    ]));
    assert_eq!(flagged[0]["kind"], "Namespace");
}

#[test]
fn operator_profile_refuses_releases_before_3_30() {
    let dir = tempdir("operator-floor");
    let old = spec(
        &dir,
        "old.yaml",
        "profile: operator\nnetworking:\n  calico:\n    version: v3.29.7\n",
    );
    let r = run(&[&old]);
    assert_eq!(r.code, 1, "{r:#?}");
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("4:14: spec.networking.calico.version")
            && r.stderr.contains("v3.30.0 and later"),
        "{}",
        r.stderr
    );
    // kOps 1.32 pins v3.29.4: the profile is what conflicts.
    let r = run(&["--kops-version", "1.32", &fixture("operator-default.yaml")]);
    assert_eq!(r.code, 1, "{r:#?}");
    assert!(
        r.stderr.contains("spec.profile") && r.stderr.contains("kOps 1.32 pins it"),
        "{}",
        r.stderr
    );
}

#[test]
fn diff_from_kops_to_the_operator_is_a_migration_checklist() {
    let dir = tempdir("diff-operator");
    let kops = "cloudProvider: aws\nnetworking:\n  calico: {}\n";
    let operator = format!("profile: operator\n{kops}");
    let r = diff(&dir, kops, &operator, &[]);
    assert_eq!(r.code, 3, "{r:#?}");
    for row in [
        "spec.profile: \"kops\" → \"operator\"  [DISRUPTIVE]",
        "(operator) calico-node: \"kube-system/calico-node\" → \"calico-system/calico-node\"  [DISRUPTIVE]",
        "(operator) Typha:",
        "(operator) kube-controllers:",
        "(operator) AWS permissions:",
    ] {
        assert!(r.stdout.contains(row), "{row}\n{}", r.stdout);
    }
    let plan = r
        .stdout
        .split("plan (kops → operator):\n")
        .nth(1)
        .expect("a plan");
    let steps: Vec<&str> = plan.lines().collect();
    assert_eq!(steps.len(), 7, "{plan}");
    assert!(
        steps[1].contains("aws-iam-policy") && steps[1].contains("old.yaml"),
        "{plan}"
    );
    assert!(
        steps[4].contains("calico-render --part install") && steps[4].contains("new.yaml"),
        "{plan}"
    );
    assert!(
        steps[5].contains("calico-render --part resources"),
        "{plan}"
    );
    // JSON: the rows and the plan.
    let r = diff(&dir, kops, &operator, &["-o", "json"]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["plan"].as_array().unwrap().len(), 7);
    assert!(v["settings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["path"] == "(operator) CRDs"));
    // And back: no migration exists.
    let r = diff(&dir, &operator, kops, &[]);
    assert_eq!(r.code, 3);
    assert!(
        r.stdout
            .contains("plan (operator → kops):\n  1. the operator has no migration back"),
        "{}",
        r.stdout
    );
}
