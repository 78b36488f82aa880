//! kustomize integration through the real clients: the legacy exec plugin
//! under `kubectl kustomize --enable-alpha-plugins`, the KRM function
//! protocol through `calico-render krm`, and the kpt example of
//! `krm --help` under kpt (skipped, loudly, where kpt is not installed).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_calico-render");

type Key = (String, String, String, String);

fn docs(yaml: &str) -> Vec<Value> {
    serde_saphyr::from_str_multiple::<Value, Vec<Value>>(yaml)
        .unwrap()
        .into_iter()
        .filter(|v| !v.is_null())
        .collect()
}

fn key(v: &Value) -> Key {
    let s = |p: &str| {
        v.pointer(p)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    (
        s("/apiVersion"),
        s("/kind"),
        s("/metadata/namespace"),
        s("/metadata/name"),
    )
}

fn by_key(values: Vec<Value>) -> BTreeMap<Key, Value> {
    values.into_iter().map(|v| (key(&v), v)).collect()
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("calico-render-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    child.wait_with_output().unwrap()
}

use common::CONFIG;

fn install_plugin(home: &Path) {
    let out = run(
        &[
            "kustomize-plugin",
            "install",
            "--dir",
            home.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        printed.trim(),
        home.join("calico-render.dev/v1alpha1/caliconetworking/CalicoNetworking")
            .to_str()
            .unwrap()
    );
}

fn kubectl_kustomize(home: &Path, dir: &Path) -> Output {
    Command::new("kubectl")
        .args(["kustomize", "--enable-alpha-plugins"])
        .arg(dir)
        .env("KUSTOMIZE_PLUGIN_HOME", home)
        .output()
        .expect(
            "kubectl (with kustomize v5) must be installed to run the kustomize integration tests",
        )
}

/// Installs the exec plugin under a scratch directory `name`, writes
/// `calico.yaml` (the generator config) and `kustomization.yaml` into its
/// `base/`, and runs `kubectl kustomize` there. Returns the scratch root
/// (to remove), the kustomization's directory and kubectl's output.
fn kustomize_with_plugin(
    name: &str,
    config: &str,
    kustomization: &str,
) -> (PathBuf, PathBuf, Output) {
    let root = tempdir(name);
    let home = root.join("plugins");
    install_plugin(&home);
    let dir = root.join("base");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("calico.yaml"), config).unwrap();
    std::fs::write(dir.join("kustomization.yaml"), kustomization).unwrap();
    let built = kubectl_kustomize(&home, &dir);
    (root, dir, built)
}

#[test]
fn exec_plugin_with_a_patch_matches_the_cli_output_plus_the_patch() {
    let (root, dir, built) = kustomize_with_plugin(
        "plugin",
        CONFIG,
        "generators:\n- calico.yaml\npatches:\n- target:\n    kind: DaemonSet\n    name: calico-node\n  patch: |-\n    - op: add\n      path: /spec/template/metadata/annotations\n      value:\n        example.com/patched: \"yes\"\n",
    );
    assert!(
        built.status.success(),
        "kubectl kustomize failed: {}",
        String::from_utf8_lossy(&built.stderr)
    );
    let got = by_key(docs(&String::from_utf8(built.stdout).unwrap()));

    let cli = run(&[dir.join("calico.yaml").to_str().unwrap()], None);
    assert!(cli.status.success());
    let mut want = by_key(docs(&String::from_utf8(cli.stdout).unwrap()));
    let ds_key = (
        "apps/v1".to_string(),
        "DaemonSet".to_string(),
        "kube-system".to_string(),
        "calico-node".to_string(),
    );
    let ds = want.get_mut(&ds_key).expect("the CLI renders calico-node");
    ds["spec"]["template"]["metadata"]["annotations"] =
        serde_json::json!({"example.com/patched": "yes"});

    assert_eq!(got.len(), want.len(), "same number of objects");
    for (k, w) in &want {
        let g = got
            .get(k)
            .unwrap_or_else(|| panic!("kustomize output lacks {k:?}"));
        assert_eq!(g, w, "object {k:?} differs");
    }
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn exec_plugin_errors_name_the_config_file_and_field() {
    let (root, _, built) = kustomize_with_plugin(
        "plugin-bad",
        &CONFIG.replace("typhaReplicas: 2", "typhaReplicas: -1"),
        "generators:\n- calico.yaml\n",
    );
    assert!(!built.status.success());
    let err = String::from_utf8_lossy(&built.stderr);
    assert!(err.contains("CalicoNetworking demo.example.com"), "{err}");
    assert!(
        err.contains("spec.networking.calico.typhaReplicas"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&root);
}

fn resource_list(items: &str, config: &str) -> String {
    let indented: String = config.lines().map(|l| format!("  {l}\n")).collect();
    format!("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: {items}\nfunctionConfig:\n{indented}")
}

/// The items of the KRM function's output for `config` (no input items),
/// failing the test when the function fails.
fn krm_items(config: &str) -> Vec<Value> {
    let out = run(&["krm"], Some(&resource_list("[]", config)));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: Value = serde_saphyr::from_str(&String::from_utf8(out.stdout).unwrap()).unwrap();
    list["items"].as_array().unwrap().clone()
}

#[test]
fn krm_generates_the_same_objects_as_the_cli_after_existing_items() {
    let existing = "[{apiVersion: v1, kind: ConfigMap, metadata: {name: keep-me, namespace: default}, data: {a: b}}]";
    let out = run(&["krm"], Some(&resource_list(existing, CONFIG)));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: Value = serde_saphyr::from_str(&String::from_utf8(out.stdout).unwrap()).unwrap();
    assert_eq!(list["kind"], "ResourceList");
    let items = list["items"].as_array().unwrap();
    assert_eq!(
        key(&items[0]).3,
        "keep-me",
        "existing items pass through first"
    );
    assert_eq!(items[0]["data"]["a"], "b");

    let dir = tempdir("krm");
    std::fs::write(dir.join("calico.yaml"), CONFIG).unwrap();
    let cli = run(&[dir.join("calico.yaml").to_str().unwrap()], None);
    let want = docs(&String::from_utf8(cli.stdout).unwrap());
    assert_eq!(
        &items[1..],
        want.as_slice(),
        "generated items equal the CLI's objects, in order"
    );
    assert!(
        list.get("results").is_none(),
        "no results for a valid spec without warnings"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn krm_invalid_spec_reports_results_and_fails() {
    let bad = CONFIG.replace(
        "typhaReplicas: 2",
        "ipipMode: Sometimes\n      bpfLogLevel: Loud",
    );
    let out = run(&["krm"], Some(&resource_list("[]", &bad)));
    assert_eq!(out.status.code(), Some(1));
    let list: Value = serde_saphyr::from_str(&String::from_utf8(out.stdout).unwrap()).unwrap();
    let results = list["results"].as_array().unwrap();
    let paths: Vec<&str> = results
        .iter()
        .filter_map(|r| r["field"]["path"].as_str())
        .collect();
    assert!(
        paths.contains(&"spec.networking.calico.ipipMode"),
        "{results:?}"
    );
    assert!(
        paths.contains(&"spec.networking.calico.bpfLogLevel"),
        "{results:?}"
    );
    let errors = results.iter().filter(|r| r["severity"] == "error").count();
    assert_eq!(errors, 2, "{results:?}");
    assert_eq!(
        list["items"].as_array().unwrap().len(),
        0,
        "nothing generated"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("spec.networking.calico.ipipMode"), "{err}");
}

#[test]
fn krm_warnings_are_results_with_severity_warning() {
    let cfg = CONFIG.replace("typhaReplicas: 2", "crossSubnet: true");
    let out = run(&["krm"], Some(&resource_list("[]", &cfg)));
    assert!(out.status.success());
    let list: Value = serde_saphyr::from_str(&String::from_utf8(out.stdout).unwrap()).unwrap();
    let results = list["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["severity"], "warning");
    assert_eq!(
        results[0]["field"]["path"],
        "spec.networking.calico.crossSubnet"
    );
}

#[test]
fn krm_malformed_input_is_a_clear_error() {
    for (input, needle) in [
        ("not: [valid", "not a readable ResourceList"),
        ("apiVersion: v1\nkind: List\nitems: []\n", "expected apiVersion \"config.kubernetes.io/v1\" kind \"ResourceList\""),
        ("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n", "functionConfig is missing"),
        ("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: 3\nfunctionConfig: {}\n", "items must be a list"),
        ("- a\n- b\n", "expected a mapping"),
    ] {
        let out = run(&["krm"], Some(input));
        assert_eq!(out.status.code(), Some(1), "{input}");
        assert!(out.stdout.is_empty(), "{input}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{input}: {err}");
    }
}

#[test]
fn without_arguments_a_resource_list_on_stdin_runs_the_krm_function() {
    let out = run(&[], Some(&resource_list("[]", CONFIG)));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: Value = serde_saphyr::from_str(&String::from_utf8(out.stdout).unwrap()).unwrap();
    assert_eq!(list["kind"], "ResourceList");
    assert!(list["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| key(i).3 == "calico-node"));
    // Empty stdin and no FILE is a usage error, not a ResourceList error.
    let empty = run(&[], Some(""));
    assert_eq!(empty.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("no input"));
}

/// The kpt example of `calico-render krm --help`, run as written (with
/// calico-render on PATH) in a directory holding its `calico.yaml` and a
/// `pkg/` package: kpt writes the Calico objects into pkg/, beside the
/// package's own resources.
#[test]
fn the_kpt_example_of_krm_help_runs_as_written() {
    let help = run(&["krm", "--help"], None);
    assert!(help.status.success());
    let help = String::from_utf8(help.stdout).unwrap();
    let example: Vec<&str> = help
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("kpt fn eval "))
        .unwrap_or_else(|| panic!("no kpt example in krm --help:\n{help}"))
        .split_whitespace()
        .collect();
    assert_eq!(
        example,
        [
            "kpt",
            "fn",
            "eval",
            "pkg",
            "--exec",
            "calico-render",
            "--fn-config",
            "calico.yaml"
        ]
    );
    // kpt takes `-- key=value` function arguments, never a subcommand, and
    // refuses them beside --fn-config; kubectl kustomize has no exec functions.
    assert!(!help.contains("-- krm"), "{help}");
    assert!(
        help.contains("kubectl kustomize has no --enable-exec"),
        "{help}"
    );

    let dir = tempdir("kpt");
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(dir.join("calico.yaml"), CONFIG).unwrap();
    std::fs::write(
        dir.join("pkg/keep.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keep-me\n  namespace: default\ndata:\n  a: b\n",
    )
    .unwrap();
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let out = match Command::new(example[0])
        .args(&example[1..])
        .current_dir(&dir)
        .env("PATH", &path)
        .output()
    {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // Straight to stderr, past the test harness's capture.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "\n*** SKIPPED: the kpt example of krm --help was not run: kpt is not installed ***\n"
            );
            return;
        }
        Err(e) => panic!("cannot run kpt: {e}"),
    };
    assert!(
        out.status.success(),
        "kpt failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // kpt writes one file per object, the namespaced ones in a directory
    // per namespace.
    let mut got = Vec::new();
    let mut dirs = vec![dir.join("pkg")];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                got.extend(docs(&std::fs::read_to_string(path).unwrap()));
            }
        }
    }
    let mut got = by_key(got);
    let kept = got
        .remove(&(
            "v1".to_string(),
            "ConfigMap".to_string(),
            "default".to_string(),
            "keep-me".to_string(),
        ))
        .expect("the package's own resource stays");
    assert_eq!(kept["data"]["a"], "b");
    let cli = run(&[dir.join("calico.yaml").to_str().unwrap()], None);
    assert!(cli.status.success());
    let want = by_key(docs(&String::from_utf8(cli.stdout).unwrap()));
    assert_eq!(got.len(), want.len(), "same number of objects");
    for (k, w) in &want {
        let g = got.get(k).unwrap_or_else(|| panic!("kpt wrote no {k:?}"));
        assert_eq!(g, w, "object {k:?} differs");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The KRM function follows the release the config names, as the CLI does.
#[test]
fn krm_renders_the_release_the_config_names() {
    let config = CONFIG.replace(
        "typhaReplicas: 2",
        "typhaReplicas: 2\n      version: v3.27.3",
    );
    let items = &krm_items(&config);
    let crds = items
        .iter()
        .filter(|i| i["kind"] == "CustomResourceDefinition")
        .count();
    assert_eq!(crds, 18, "v3.27.3's CRDs");
    assert!(
        !items
            .iter()
            .any(|i| i["metadata"]["name"] == "calico-tier-getter"),
        "no tier getter before v3.29.4"
    );
    let node = items.iter().find(|i| i["kind"] == "DaemonSet").unwrap();
    let inits = &node["spec"]["template"]["spec"]["initContainers"];
    assert!(inits
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["name"] == "mount-bpffs"));
    assert_eq!(
        node["spec"]["template"]["spec"]["containers"][0]["image"],
        "docker.io/calico/node:v3.27.3"
    );
}

/// The KRM function and the exec plugin follow the profile the config names.
#[test]
fn krm_and_the_plugin_render_the_profile_the_config_names() {
    let config = CONFIG.replace("spec:\n", "spec:\n  profile: upstream\n");
    let items = &krm_items(&config);
    let node = items.iter().find(|i| i["kind"] == "DaemonSet").unwrap();
    let container = &node["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(container["image"], "quay.io/calico/node:v3.31.6");
    assert!(container["env"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["name"] == "CLUSTER_TYPE" && e["value"] == "k8s,bgp"));

    let (root, _, built) =
        kustomize_with_plugin("plugin-upstream", &config, "generators:\n- calico.yaml\n");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let got = by_key(docs(&String::from_utf8(built.stdout).unwrap()));
    let want = by_key(items.clone());
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    let _ = std::fs::remove_dir_all(&root);
}

/// The operator profile in two parts: the config's `calico-render.dev/part`
/// annotation selects the install or the custom resources, in the KRM
/// function and in the exec plugin alike; an unknown part is an error.
#[test]
fn krm_and_the_plugin_render_the_part_the_config_names() {
    let part = |p: &str| {
        CONFIG
            .replace("spec:\n", "spec:\n  profile: operator\n")
            .replace(
                "metadata:\n",
                &format!("metadata:\n  annotations:\n    calico-render.dev/part: {p}\n"),
            )
    };
    let kinds = |items: &[Value]| -> Vec<String> {
        items
            .iter()
            .map(|i| i["kind"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    for (p, first) in [("install", "Namespace"), ("resources", "Installation")] {
        let items = &krm_items(&part(p));
        assert_eq!(kinds(items)[0], first, "{p}");
        let (root, _, built) = kustomize_with_plugin(
            &format!("plugin-part-{p}"),
            &part(p),
            "generators:\n- calico.yaml\n",
        );
        assert!(
            built.status.success(),
            "{}",
            String::from_utf8_lossy(&built.stderr)
        );
        let got = by_key(docs(&String::from_utf8(built.stdout).unwrap()));
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            by_key(items.clone()).keys().collect::<Vec<_>>(),
            "{p}"
        );
        let _ = std::fs::remove_dir_all(&root);
    }
    let out = run(&["krm"], Some(&resource_list("[]", &part("crds"))));
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("calico-render.dev/part")
            && stderr.contains("\"install\" and \"resources\""),
        "{stderr}"
    );
}
