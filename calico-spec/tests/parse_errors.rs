//! Parsing: located type errors, unknown fields with suggestions, duplicate
//! keys, YAML syntax errors, document streams, the three input forms, the
//! envelope checks, and the edge inputs (empty, lists, bytes, limits).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use calico_spec::ErrorType::{Duplicate, Invalid, NotSupported, Required, TypeInvalid};
use calico_spec::{parse_bytes, parse_str, ErrorType, FieldError, InputForm, Location, ParseError};

fn parse_err(yaml: &str) -> ParseError {
    match parse_str(yaml) {
        Ok(p) => panic!("expected a parse error for\n{yaml}\ngot {p:?}"),
        Err(e) => e,
    }
}

/// The field errors of an input that must fail as `ParseError::Invalid`.
fn field_errors(yaml: &str) -> Vec<FieldError> {
    match parse_err(yaml) {
        ParseError::Invalid(errors) => errors,
        other => panic!("expected field errors for\n{yaml}\ngot {other:?}"),
    }
}

/// The only field error of an input.
fn only_error(yaml: &str) -> FieldError {
    let errors = field_errors(yaml);
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.into_iter().next().unwrap()
}

fn at(line: usize, column: usize) -> Option<Location> {
    Some(Location { line, column })
}

fn assert_error(e: &FieldError, path: &str, ty: ErrorType, location: Option<Location>) {
    assert_eq!(
        (e.path.as_str(), e.error_type, e.location),
        (path, ty, location),
        "{e:?}"
    );
}

// ---------------------------------------------------------------------------
// Type errors, located

#[test]
fn type_error_is_located_with_path_and_found_value() {
    let yaml = "apiVersion: kops.k8s.io/v1alpha2
kind: Cluster
metadata: {name: x.example.com}
spec:
  networking:
    calico:
      mtu: auto
";
    let e = only_error(yaml);
    assert_error(&e, "spec.networking.calico.mtu", TypeInvalid, at(7, 12));
    assert_eq!(
        e.message,
        "expected an integer, found string \"auto\"; omit it, or write 0, to auto-detect the MTU"
    );
    assert_eq!(e.value, serde_json::json!("auto"));
    let shown = parse_err(yaml).to_string();
    assert!(
        shown.contains("spec.networking.calico.mtu: expected an integer, found string \"auto\""),
        "{shown}"
    );
    assert!(shown.starts_with("7:12: "), "{shown}");
    assert_eq!(parse_err(yaml).location(), at(7, 12));
}

#[test]
fn parse_error_report_has_file_line_column_and_snippet() {
    let yaml = "networking:\n  calico:\n    mtu: auto\n";
    let lines = calico_spec::report::parse_error_lines("spec.yaml", Some(yaml), &parse_err(yaml));
    assert_eq!(
        lines[0],
        "spec.yaml:3:10: spec.networking.calico.mtu: expected an integer, found string \"auto\"; omit it, or write 0, to auto-detect the MTU"
    );
    let source_line = lines
        .iter()
        .position(|l| l.contains("mtu: auto"))
        .expect("a snippet");
    let caret = &lines[source_line + 1];
    // The caret sits under column 10 of the source line, which is shown after the same prefix.
    let prefix = lines[source_line].find("    mtu").unwrap();
    assert_eq!(caret.find('^'), Some(prefix + 9), "{lines:?}");
}

#[test]
fn type_errors_in_every_form_use_kops_paths() {
    // Bare spec and CalicoNetworking: the same path, rooted at spec.
    let e = only_error("networking:\n  calico:\n    mtu: auto\n");
    assert_error(&e, "spec.networking.calico.mtu", TypeInvalid, at(3, 10));
    let e = only_error(
        "apiVersion: calico-render.dev/v1alpha1\nkind: CalicoNetworking\nmetadata: {name: a.example.com}\nspec:\n  kubeProxy: {enabled: \"no\"}\n  networking: {calico: {}}\n",
    );
    assert_error(&e, "spec.kubeProxy.enabled", TypeInvalid, at(5, 24));
}

#[test]
fn type_errors_are_all_collected_with_hints() {
    let yaml = "networking:
  calico:
    typhaReplicas: \"3\"
    mtu: 1.5
    wireguardEnabled: \"true\"
    version: 3.31
    bpfEnabled: 1
";
    let errors = field_errors(yaml);
    let got: Vec<(&str, ErrorType, Option<Location>)> = errors
        .iter()
        .map(|e| (e.path.as_str(), e.error_type, e.location))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "spec.networking.calico.typhaReplicas",
                TypeInvalid,
                at(3, 20)
            ),
            ("spec.networking.calico.mtu", TypeInvalid, at(4, 10)),
            (
                "spec.networking.calico.wireguardEnabled",
                TypeInvalid,
                at(5, 23)
            ),
            ("spec.networking.calico.version", TypeInvalid, at(6, 14)),
            ("spec.networking.calico.bpfEnabled", TypeInvalid, at(7, 17)),
        ]
    );
    assert!(
        errors[0]
            .message
            .contains("write the number without quotes"),
        "{}",
        errors[0].message
    );
    assert!(
        errors[2]
            .message
            .contains("write true or false without quotes"),
        "{}",
        errors[2].message
    );
    assert!(
        errors[3].message.contains("quote the value"),
        "{}",
        errors[3].message
    );
}

#[test]
fn yaml_1_1_booleans_are_booleans() {
    // As for kOps's YAML decoder: unquoted Off/off/yes are booleans, so a string field rejects them.
    for (value, found) in [
        ("Off", "false"),
        ("off", "false"),
        ("On", "true"),
        ("yes", "true"),
    ] {
        let e = only_error(&format!("networking: {{calico: {{bpfLogLevel: {value}}}}}"));
        assert_error(
            &e,
            "spec.networking.calico.bpfLogLevel",
            TypeInvalid,
            at(1, 36),
        );
        assert_eq!(
            e.message,
            format!(
                "expected a string, found boolean {found}; quote the value to make it a string"
            )
        );
    }
    let p = parse_str("networking: {calico: {bpfLogLevel: \"Off\"}}").unwrap();
    assert_eq!(
        p.spec
            .networking
            .unwrap()
            .calico
            .unwrap()
            .bpf_log_level
            .as_deref(),
        Some("Off")
    );
}

#[test]
fn integer_ranges_are_checked_while_parsing() {
    for (yaml, path) in [
        (
            "networking: {calico: {mtu: 3000000000}}",
            "spec.networking.calico.mtu",
        ),
        (
            "networking: {calico: {typhaReplicas: -3000000000}}",
            "spec.networking.calico.typhaReplicas",
        ),
        ("nodeCount: -1\nnetworking: {calico: {}}", "spec.nodeCount"),
        ("hostMTU: 10\nnetworking: {calico: {}}", "spec.hostMTU"),
        ("hostMTU: 65536\nnetworking: {calico: {}}", "spec.hostMTU"),
        (
            "egressProxy: {httpProxy: {port: 70000}}\nnetworking: {calico: {}}",
            "spec.egressProxy.httpProxy.port",
        ),
        (
            "bgp: {asNumber: 0}\nnetworking: {calico: {}}",
            "spec.bgp.asNumber",
        ),
        (
            "bgp: {asNumber: 4294967296}\nnetworking: {calico: {}}",
            "spec.bgp.asNumber",
        ),
    ] {
        let e = only_error(yaml);
        assert_eq!((e.path.as_str(), e.error_type), (path, Invalid), "{yaml}");
        assert!(e.message.contains("out of range"), "{}", e.message);
    }
}

#[test]
fn nested_any_of_fields_report_what_is_expected() {
    for bad in ["lots", "\"1 m\"", "true"] {
        let e = only_error(&format!("networking: {{calico: {{cpuRequest: {bad}}}}}"));
        assert_eq!(e.path, "spec.networking.calico.cpuRequest");
        assert!(
            e.message.contains("quantity"),
            "cpuRequest: {bad}: {}",
            e.message
        );
        assert!(!e.message.contains("expected null"), "{}", e.message);
    }
    let e = only_error("cloudProvider: 5\nnetworking: {calico: {}}");
    assert_eq!(
        (e.path.as_str(), e.error_type),
        ("spec.cloudProvider", TypeInvalid)
    );
    assert!(
        e.message.contains("a string") && e.message.contains("a mapping"),
        "{}",
        e.message
    );
}

#[test]
fn invalid_quantity_is_rejected_at_its_location() {
    // (The message is covered by the ignored test above; the verdict and place hold today.)
    for bad in ["lots", "\"1 m\"", "\"1..2\"", "true", "[1]"] {
        let e = only_error(&format!("networking: {{calico: {{cpuRequest: {bad}}}}}"));
        assert_eq!(e.path, "spec.networking.calico.cpuRequest", "{bad}");
        assert_eq!(e.location, at(1, 35), "{bad}");
    }
}

#[test]
fn wrong_shapes() {
    let e = only_error("networking: {calico: []}");
    assert_error(&e, "spec.networking.calico", TypeInvalid, at(1, 22));
    assert_eq!(e.message, "expected a mapping, found list");
    let e = only_error("additionalNetworkCIDRs: [1, 10.0.0.0/8]\nnetworking: {calico: {}}");
    assert_error(&e, "spec.additionalNetworkCIDRs[0]", TypeInvalid, at(1, 26));
    let e = only_error("1: x\nnetworking: {calico: {}}");
    assert_eq!((e.path.as_str(), e.error_type), ("spec", TypeInvalid));
}

#[test]
fn null_values_are_unset() {
    let p = parse_str("networking: {calico: {mtu: ~, registry: null}}").unwrap();
    let c = p.spec.networking.unwrap().calico.unwrap();
    assert_eq!((c.mtu, c.registry), (None, None));
    // `calico:` with nothing is null, i.e. no Calico (kOps reads a nil pointer too).
    assert_eq!(
        common::errors("networking: {calico: }"),
        vec![common::err("spec.networking.calico", Required)]
    );
}

// ---------------------------------------------------------------------------
// Unknown fields

#[test]
fn unknown_calico_field_is_an_error_with_suggestion() {
    let e = only_error("networking:\n  calico:\n    encapsulationMod: vxlan\n");
    assert_error(
        &e,
        "spec.networking.calico.encapsulationMod",
        NotSupported,
        at(3, 5),
    );
    assert!(
        e.message.contains("did you mean `encapsulationMode`?"),
        "{}",
        e.message
    );
    assert!(e.message.contains("encapsulationMod"), "{}", e.message);
}

#[test]
fn unknown_fields_in_other_owned_mappings() {
    for (yaml, path, suggestion) in [
        (
            "kubeProxy: {enable: false}\nnetworking: {calico: {}}",
            "spec.kubeProxy.enable",
            "`enabled`",
        ),
        (
            "egressProxy: {httpProxy: {hostname: x}}\nnetworking: {calico: {}}",
            "spec.egressProxy.httpProxy.hostname",
            "`host`",
        ),
        (
            "egressProxy: {exclude: x}\nnetworking: {calico: {}}",
            "spec.egressProxy.exclude",
            "`excludes`",
        ),
        (
            "networking: {Calico: {}}",
            "spec.networking.Calico",
            "`calico`",
        ),
        (
            "networking: {calico: {IPIPMode: Always}}",
            "spec.networking.calico.IPIPMode",
            "`ipipMode`",
        ),
        (
            "bgp: {routeReflector: {}}\nnetworking: {calico: {}}",
            "spec.bgp.routeReflector",
            "`routeReflectors`",
        ),
    ] {
        let e = only_error(yaml);
        assert_eq!(
            (e.path.as_str(), e.error_type),
            (path, NotSupported),
            "{yaml}"
        );
        assert!(
            e.message.contains(&format!("did you mean {suggestion}?")),
            "{}",
            e.message
        );
    }
    // No suggestion when nothing is close.
    let e = only_error("networking: {calico: {zzz: 1}}");
    assert!(!e.message.contains("did you mean"), "{}", e.message);
}

#[test]
fn kops_fields_in_owned_mappings_are_accepted() {
    // kube-proxy's other kOps fields, and kube-controller-manager's (an open mapping).
    let p = parse_str(
        "kubeProxy: {enabled: true, proxyMode: ipvs, cpuRequest: 100m}\nkubeControllerManager: {clusterCIDR: 100.96.0.0/11, leaderElection: {leaderElect: true}}\nnetworking: {calico: {}}",
    )
    .unwrap();
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn unknown_top_level_field_is_a_warning_with_suggestion() {
    let p = parse_str("kubernetesVerison: v1.34.0\nnetworking: {calico: {}}").unwrap();
    assert_eq!(p.warnings.len(), 1);
    assert_eq!(p.warnings[0].path, "spec.kubernetesVerison");
    assert!(
        p.warnings[0]
            .message
            .contains("did you mean `kubernetesVersion`?"),
        "{}",
        p.warnings[0].message
    );
    // It reaches the resolved spec's warnings too.
    let r = common::resolve("kubernetesVerison: v1.34.0\nnetworking: {calico: {}}");
    assert!(r
        .warnings
        .iter()
        .any(|w| w.path == "spec.kubernetesVerison"));
    // The same in a kOps Cluster.
    let p = parse_str(
        "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: a.example.com}\nspec:\n  nodCount: 3\n  networking: {calico: {}}\n",
    )
    .unwrap();
    assert_eq!(p.warnings.len(), 1);
    assert!(
        p.warnings[0].message.contains("did you mean `nodeCount`?"),
        "{}",
        p.warnings[0].message
    );
}

#[test]
fn known_kops_cluster_fields_are_silently_ignored() {
    let p = parse_str(
        "channel: stable\nconfigBase: s3://x\netcdClusters: []\nsubnets: [{name: a, type: Private}]\nkubelet: {anonymousAuth: false}\niam: {legacy: false}\nnetworking: {calico: {}}",
    )
    .unwrap();
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

// ---------------------------------------------------------------------------
// YAML syntax

#[test]
fn duplicate_keys_are_errors() {
    for (yaml, loc) in [
        ("networking: {calico: {mtu: 1, mtu: 2}}", at(1, 31)),
        (
            "networking:\n  calico: {}\nnetworking:\n  calico: {}\n",
            at(3, 1),
        ),
    ] {
        match parse_err(yaml) {
            ParseError::Syntax { message, location } => {
                assert!(message.contains("duplicate"), "{message}");
                assert_eq!(location, loc, "{yaml}");
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn syntax_errors_are_located() {
    for (yaml, loc) in [
        ("networking:\n  calico: {mtu: 1\n", at(2, 11)),
        ("networking:\n  calico:\n    mtu: 1\n   x: y\n", at(4, 4)),
    ] {
        let e = parse_err(yaml);
        assert!(matches!(e, ParseError::Syntax { .. }), "{e:?}");
        assert_eq!(e.location(), loc, "{yaml}");
        // As a field error it has no path (it is about the text), and the
        // same location.
        let fe = e.field_errors();
        assert_eq!(fe.len(), 1);
        assert_eq!((fe[0].path.as_str(), fe[0].location), ("", loc));
    }
}

#[test]
fn syntax_error_display_names_the_location_once() {
    let shown = parse_err("networking: {calico: {mtu: 1, mtu: 2}}").to_string();
    assert!(shown.starts_with("1:31: "), "{shown}");
    assert_eq!(shown.matches("1:31").count(), 1, "{shown}");
}

#[test]
fn alias_bombs_and_deep_nesting_are_refused() {
    let bomb = "a: &a [1,2,3,4,5,6,7,8,9]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
networking: {calico: {}}
";
    assert!(matches!(parse_err(bomb), ParseError::Syntax { .. }));
    // Nesting beyond MAX_DEPTH is refused. (Run on a big stack: see parse_depth.rs for
    // the default-stack case.)
    let outcome = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(|| {
            [
                calico_spec::limits::MAX_DEPTH - 2,
                calico_spec::limits::MAX_DEPTH + 1,
                200,
                100_000,
            ]
            .map(|n| {
                let deep = format!(
                    "x: {}{}\nnetworking: {{calico: {{}}}}",
                    "[".repeat(n),
                    "]".repeat(n)
                );
                parse_str(&deep).map(|_| ()).map_err(|e| e.to_string())
            })
        })
        .unwrap()
        .join()
        .unwrap();
    assert!(outcome[0].is_ok(), "{:?}", outcome[0]);
    for r in &outcome[1..] {
        assert!(r.is_err(), "{r:?}");
    }
}

#[test]
fn bytes_input_checks() {
    let e = parse_bytes(b"networking:\n  calico: {registry: \"a\xffb\"}\n").unwrap_err();
    match e {
        ParseError::NotUtf8 { location } => assert_eq!(
            location,
            Location {
                line: 2,
                column: 24
            }
        ),
        other => panic!("{other:?}"),
    }
    let e = parse_str("networking: {calico: {}}\0").unwrap_err();
    assert!(matches!(e, ParseError::Syntax { .. }), "{e:?}");
    assert_eq!(e.location(), at(1, 25));
    let big = format!(
        "networking: {{calico: {{}}}}\n#{}",
        "x".repeat(calico_spec::limits::MAX_INPUT_BYTES)
    );
    assert!(matches!(parse_str(&big), Err(ParseError::TooLarge { .. })));
    assert!(matches!(
        parse_bytes(big.as_bytes()),
        Err(ParseError::TooLarge { .. })
    ));
    let p = parse_bytes(b"networking: {calico: {}}").unwrap();
    assert_eq!(p.form, InputForm::BareSpec);
}

// ---------------------------------------------------------------------------
// Documents and forms

#[test]
fn empty_input_is_an_error() {
    for yaml in ["", "\n", "# only a comment\n", "---\n", "---\n---\n"] {
        let e = only_error(yaml);
        assert_eq!((e.path.as_str(), e.error_type), ("", Required), "{yaml:?}");
        assert!(
            e.message.contains("networking: {calico: {}}"),
            "{}",
            e.message
        );
    }
}

#[test]
fn top_level_list_or_scalar_is_an_error() {
    for yaml in ["- a\n- b\n", "just a string\n", "42\n"] {
        let e = only_error(yaml);
        assert_error(&e, "", TypeInvalid, at(1, 1));
        assert!(e.message.contains("expected a mapping"), "{}", e.message);
    }
}

const CLUSTER_A: &str = "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: a.example.com}\nspec: {networking: {calico: {}}}\n";

#[test]
fn two_clusters_in_a_stream_are_an_error() {
    let yaml = format!(
        "{CLUSTER_A}---\n{}",
        CLUSTER_A.replace("a.example.com", "b.example.com")
    );
    let e = only_error(&yaml);
    assert_error(&e, "kind", Duplicate, at(7, 7));
    assert!(e.message.contains("second cluster"), "{}", e.message);
    // A Cluster and a CalicoNetworking are two clusters as well.
    let own = "apiVersion: calico-render.dev/v1alpha1\nkind: CalicoNetworking\nmetadata: {name: b.example.com}\nspec: {networking: {calico: {}}}\n";
    assert_eq!(
        only_error(&format!("{CLUSTER_A}---\n{own}")).error_type,
        Duplicate
    );
    // A bare spec cannot share a stream.
    let e = only_error(&format!("{CLUSTER_A}---\nnetworking: {{calico: {{}}}}\n"));
    assert_eq!((e.path.as_str(), e.error_type), ("document 2", Invalid));
}

#[test]
fn instance_groups_are_counted_and_other_kops_objects_ignored() {
    let yaml = format!(
        "{CLUSTER_A}---
apiVersion: kops.k8s.io/v1alpha2
kind: InstanceGroup
metadata: {{name: cp}}
spec: {{role: ControlPlane, minSize: 1, maxSize: 3}}
---
apiVersion: kops.k8s.io/v1alpha2
kind: SSHCredential
metadata: {{name: admin}}
spec: {{publicKey: ssh-ed25519 AAAA}}
---
apiVersion: kops.k8s.io/v1alpha2
kind: InstanceGroup
metadata: {{name: nodes}}
spec: {{role: Node, minSize: 2}}
---
apiVersion: kops.k8s.io/v1alpha2
kind: InstanceGroup
metadata: {{name: sizeless}}
spec: {{role: Node}}
"
    );
    let p = parse_str(&yaml).unwrap();
    assert_eq!(p.form, InputForm::KopsCluster);
    assert_eq!(p.instance_group_nodes, Some(5));
    assert_eq!(p.cluster_name.as_deref(), Some("a.example.com"));
    // The InstanceGroups may come first.
    let first = format!(
        "apiVersion: kops.k8s.io/v1alpha2\nkind: InstanceGroup\nmetadata: {{name: n}}\nspec: {{maxSize: 4}}\n---\n{CLUSTER_A}"
    );
    assert_eq!(parse_str(&first).unwrap().instance_group_nodes, Some(4));
    // No InstanceGroups: no count.
    assert_eq!(parse_str(CLUSTER_A).unwrap().instance_group_nodes, None);
}

#[test]
fn instance_group_size_must_be_a_count() {
    for size in ["many", "-1", "1.5"] {
        let yaml = format!(
            "{CLUSTER_A}---\napiVersion: kops.k8s.io/v1alpha2\nkind: InstanceGroup\nmetadata: {{name: n}}\nspec: {{maxSize: {size}}}\n"
        );
        let e = only_error(&yaml);
        assert_eq!(e.error_type, Invalid, "{size}");
        assert!(e.path.contains("maxSize"), "{}", e.path);
        assert_eq!(e.location, at(9, 17), "{size}");
    }
}

#[test]
fn a_stream_needs_a_cluster() {
    let yaml = "apiVersion: kops.k8s.io/v1alpha2\nkind: InstanceGroup\nmetadata: {name: n}\nspec: {maxSize: 4}\n";
    let e = only_error(yaml);
    assert_eq!((e.path.as_str(), e.error_type), ("kind", Required));
}

const CALICO_CONTENT: &str = "cloudProvider: aws
kubernetesVersion: v1.34.1
nonMasqueradeCIDR: 10.0.0.0/8
kubeProxy: {enabled: false}
nodeCount: 120
hostMTU: 9001
networking:
  calico:
    encapsulationMode: vxlan
    vxlanMode: Always
    mtu: 8951
    cpuRequest: 0.5
    typhaReplicas: 3
    prometheusMetricsEnabled: true
    wireguardEnabled: true
    ipv4AutoDetectionMethod: \"interface=eth.*\"
";

fn indented(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

#[test]
fn all_three_forms_give_the_same_resolved_spec() {
    let kops = format!(
        "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: same.example.com\nspec:\n{}",
        indented(CALICO_CONTENT)
    );
    let own = format!(
        "apiVersion: calico-render.dev/v1alpha1\nkind: CalicoNetworking\nmetadata:\n  name: same.example.com\nspec:\n{}",
        indented(CALICO_CONTENT)
    );
    let forms = [
        (kops.as_str(), InputForm::KopsCluster),
        (own.as_str(), InputForm::CalicoNetworking),
        (CALICO_CONTENT, InputForm::BareSpec),
    ];
    let parsed: Vec<_> = forms
        .iter()
        .map(|(yaml, form)| {
            let p = parse_str(yaml).unwrap();
            assert_eq!(p.form, *form);
            p
        })
        .collect();
    assert_eq!(parsed[0].spec, parsed[1].spec);
    assert_eq!(parsed[0].spec, parsed[2].spec);
    assert_eq!(parsed[2].cluster_name, None);

    let resolved: Vec<_> = forms
        .iter()
        .map(|(yaml, _)| common::resolve(yaml))
        .collect();
    assert_eq!(resolved[0], resolved[1]);
    // A bare spec has no name: only the name and what is made of it differ.
    let mut bare = resolved[2].clone();
    assert_eq!(bare.cluster_name.value, "calico.example.com");
    bare.cluster_name = resolved[0].cluster_name.clone();
    bare.api_internal_name = resolved[0].api_internal_name.clone();
    assert_eq!(bare, resolved[0]);
    assert_eq!(resolved[0].calico.cpu_request.value, "500m");
}

#[test]
fn calico_networking_requires_metadata_name() {
    let e = only_error(
        "apiVersion: calico-render.dev/v1alpha1\nkind: CalicoNetworking\nmetadata: {}\nspec: {networking: {calico: {}}}\n",
    );
    assert_error(&e, "metadata.name", Required, at(3, 11));
    let errors = field_errors(
        "apiVersion: calico-render.dev/v1alpha1\nkind: CalicoNetworking\nspec: {networking: {calico: {}}}\n",
    );
    assert!(
        errors
            .iter()
            .any(|e| e.path == "metadata" && e.error_type == Required),
        "{errors:?}"
    );
    // The kOps Cluster needs a name as well.
    let e = only_error("apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {labels: {a: b}}\nspec: {networking: {calico: {}}}\n");
    assert_error(&e, "metadata.name", Required, at(3, 11));
}

#[test]
fn calico_networking_envelope_is_closed_kops_envelope_open() {
    let e = only_error(
        "apiVersion: calico-render.dev/v1alpha1\nkind: CalicoNetworking\nmetadata: {name: a.example.com}\nspec: {networking: {calico: {}}}\nstatus: {}\n",
    );
    assert_error(&e, "status", NotSupported, at(5, 1));
    let p = parse_str(
        "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: a.example.com, creationTimestamp: null, generation: 2}\nspec: {networking: {calico: {}}}\nstatus: {}\n",
    )
    .unwrap();
    assert_eq!(p.cluster_name.as_deref(), Some("a.example.com"));
}

#[test]
fn documents_need_a_spec_mapping() {
    let e = only_error(
        "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: a.example.com}\n",
    );
    assert_eq!((e.path.as_str(), e.error_type), ("spec", Required));
    let e = only_error("apiVersion: calico-render.dev/v1alpha1\nkind: CalicoNetworking\nmetadata: {name: a.example.com}\nspec: []\n");
    assert_error(&e, "spec", TypeInvalid, at(4, 7));
}

#[test]
fn unknown_kind_or_api_version_is_rejected() {
    for (yaml, path, ty) in [
        ("apiVersion: v1\nkind: ConfigMap\n", "kind", NotSupported),
        (
            "apiVersion: calico-render.dev/v1alpha2\nkind: CalicoNetworking\n",
            "kind",
            NotSupported,
        ),
        (
            "apiVersion: calico-render.dev/v1alpha1\nkind: Cluster\n",
            "kind",
            NotSupported,
        ),
        (
            "apiVersion: kops.k8s.io/v1alpha3\nkind: Cluster\nmetadata: {name: a}\nspec: {}\n",
            "apiVersion",
            NotSupported,
        ),
        (
            "kind: Cluster\nnetworking: {calico: {}}\n",
            "apiVersion",
            Required,
        ),
        (
            "apiVersion: kops.k8s.io/v1alpha2\nnetworking: {calico: {}}\n",
            "kind",
            Required,
        ),
    ] {
        let e = only_error(yaml);
        assert_eq!((e.path.as_str(), e.error_type), (path, ty), "{yaml}");
        assert!(e.location.is_some(), "{yaml}");
    }
    // The message names what is accepted.
    let e = only_error("apiVersion: v1\nkind: ConfigMap\n");
    assert!(
        e.message.contains("kops.k8s.io/v1alpha2") && e.message.contains("CalicoNetworking"),
        "{}",
        e.message
    );
}

#[test]
fn metadata_labels_are_read() {
    let p = parse_str(
        "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: m.example.com\n  labels: {alpha.kops.k8s.io/cloud: metal}\nspec: {networking: {calico: {}}}\n",
    )
    .unwrap();
    assert_eq!(
        p.labels.get("alpha.kops.k8s.io/cloud").map(String::as_str),
        Some("metal")
    );
}

#[test]
fn parsed_spec_knows_where_each_field_is() {
    let p = parse_str("networking:\n  calico:\n    typhaReplicas: -1\n").unwrap();
    assert_eq!(
        p.location_of("spec.networking.calico.typhaReplicas"),
        at(3, 20)
    );
    assert_eq!(p.location_of("spec.networking.calico"), at(3, 5));
    // A field the input does not hold is placed at its nearest enclosing
    // field, at the latest at the spec.
    assert_eq!(p.location_of("spec.networking.calico.mtu"), at(3, 5));
    assert_eq!(p.location_of("spec.nowhere"), at(1, 1));
    // Resolve errors carry that location.
    let e = common::invalid(
        "networking:\n  calico:\n    typhaReplicas: -1\n",
        &Default::default(),
    );
    assert_eq!(e.errors[0].location, at(3, 20));
}
