//! What each release's manifest asks of that release's own model: the
//! objects calico-render writes besides the workloads (its BGP resources)
//! validate against the release's CRDs, every Felix setting it writes is a
//! FelixConfiguration field of the release, and the release table's
//! `SINCE` facts agree with the CRDs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use calico_release::{Release, RELEASES, SINCE};
use serde_json::Value;

/// A spec that writes every optional object and Felix setting it can for
/// `release`: route reflectors, Typha, metrics, WireGuard, nftables where
/// the release has it.
fn everything(release: Release) -> String {
    let nftables = if release.lacks("nftablesMode").is_none() {
        "    nftablesMode: Auto\n"
    } else {
        ""
    };
    format!(
        "bgp:\n  asNumber: 64512\n  routeReflectors:\n    nodeSelector: route-reflector == 'true'\n    clusterID: 244.0.0.1\n\
         networking:\n  calico:\n    version: {release}\n    typhaReplicas: 3\n    prometheusMetricsEnabled: true\n    \
         wireguardEnabled: true\n    chainInsertMode: append\n{nftables}"
    )
}

fn objects(release: Release) -> Vec<Value> {
    common::render(&everything(release))
        .objects()
        .iter()
        .map(|o| o.value().unwrap().clone())
        .collect()
}

/// The `openAPIV3Schema` of the CRD for `kind` among `objects`.
fn schema_of<'a>(objects: &'a [Value], kind: &str) -> &'a Value {
    objects
        .iter()
        .find(|o| o["kind"] == "CustomResourceDefinition" && o["spec"]["names"]["kind"] == kind)
        .map(|crd| &crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"])
        .unwrap_or_else(|| panic!("no CRD for {kind}"))
}

/// Every member of `value` is a property its `schema` declares (what the
/// API server would otherwise prune silently).
fn unknown_fields(value: &Value, schema: &Value, path: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            let props = schema.get("properties").and_then(Value::as_object);
            for (key, member) in members {
                if path.is_empty() && matches!(key.as_str(), "apiVersion" | "kind" | "metadata") {
                    continue;
                }
                match props.and_then(|p| p.get(key)) {
                    Some(sub) => unknown_fields(member, sub, &format!("{path}.{key}"), out),
                    None if schema.get("additionalProperties").is_some() => {}
                    None => out.push(format!("{path}.{key}")),
                }
            }
        }
        Value::Array(items) => {
            if let Some(sub) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    unknown_fields(item, sub, &format!("{path}[{i}]"), out);
                }
            }
        }
        _ => {}
    }
}

#[test]
fn the_bgp_resources_fit_each_release_s_model() {
    for facts in RELEASES {
        let objects = objects(facts.release);
        let bgp: Vec<&Value> = objects
            .iter()
            .filter(|o| o["apiVersion"] == "crd.projectcalico.org/v1")
            .collect();
        assert_eq!(
            bgp.len(),
            2,
            "{}: BGPPeer and BGPConfiguration",
            facts.release
        );
        for object in bgp {
            let kind = object["kind"].as_str().unwrap();
            let schema = schema_of(&objects, kind);
            let validator = jsonschema::validator_for(schema).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(object)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{} {kind}: {errors:?}", facts.release);
            let mut unknown = Vec::new();
            unknown_fields(object, schema, "", &mut unknown);
            assert!(
                unknown.is_empty(),
                "{} {kind}: not in the model: {unknown:?}",
                facts.release
            );
        }
    }
}

/// Felix variables that are no FelixConfiguration field by that name: the
/// Typha service name is read from the environment only, and IpInIpMtu is
/// the `ipipMTU` field.
const FELIX_ENV_ONLY: &[&str] = &["typhak8sservicename"];
const FELIX_ALIASES: &[(&str, &str)] = &[("ipinipmtu", "ipipmtu")];

#[test]
fn every_felix_setting_written_is_a_field_of_the_release() {
    for facts in RELEASES {
        let objects = objects(facts.release);
        let fields: Vec<String> = schema_of(&objects, "FelixConfiguration")["properties"]["spec"]
            ["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.to_ascii_lowercase())
            .collect();
        let node = objects.iter().find(|o| o["kind"] == "DaemonSet").unwrap();
        let env = node["spec"]["template"]["spec"]["containers"][0]["env"]
            .as_array()
            .unwrap();
        let felix: Vec<String> = env
            .iter()
            .filter_map(|e| {
                e["name"]
                    .as_str()?
                    .strip_prefix("FELIX_")
                    .map(str::to_ascii_lowercase)
            })
            .collect();
        assert!(felix.len() >= 19, "{}: {felix:?}", facts.release);
        for name in felix {
            if FELIX_ENV_ONLY.contains(&name.as_str()) {
                continue;
            }
            let field = FELIX_ALIASES
                .iter()
                .find(|(env, _)| *env == name)
                .map_or(name.as_str(), |(_, field)| field);
            assert!(
                fields.iter().any(|f| f == field),
                "{}: FELIX_{} is no FelixConfiguration field",
                facts.release,
                name.to_ascii_uppercase()
            );
        }
    }
}

#[test]
fn the_since_table_agrees_with_each_release_s_crds() {
    for facts in RELEASES {
        let objects = objects(facts.release);
        let spec = &schema_of(&objects, "FelixConfiguration")["properties"]["spec"]["properties"];
        for since in SINCE {
            assert_eq!(
                spec.get(since.felix_field).is_some(),
                facts.release >= since.first,
                "{}: {} (from {})",
                facts.release,
                since.felix_field,
                since.first
            );
        }
    }
}

fn find<'a>(objects: &'a [Value], kind: &str, name: &str) -> Option<&'a Value> {
    objects
        .iter()
        .find(|o| o["kind"] == kind && o["metadata"]["name"] == name)
}

/// Each fact of a release's shape shows in its render, and nothing of a
/// fact it lacks.
#[test]
fn each_release_renders_its_shape_facts() {
    for facts in RELEASES {
        let shape = facts.shape;
        let r = facts.release;
        let objects: Vec<Value> =
            common::render(&format!("networking: {{calico: {{version: {r}}}}}"))
                .objects()
                .iter()
                .map(|o| o.value().unwrap().clone())
                .collect();
        let crds: Vec<&str> = objects
            .iter()
            .filter(|o| o["kind"] == "CustomResourceDefinition")
            .map(|o| o["metadata"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(crds, facts.crds, "{r}");

        let node = find(&objects, "DaemonSet", "calico-node").unwrap();
        let pod = &node["spec"]["template"]["spec"];
        let inits: Vec<&str> = pod["initContainers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert!(inits.contains(&shape.bpffs_init), "{r}: {inits:?}");
        assert_eq!(pod.get("securityContext").is_some(), shape.seccomp, "{r}");
        let volume = |name: &str| {
            pod["volumes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|v| v["name"] == name)
                .cloned()
        };
        for created in ["var-run-calico", "var-lib-calico", "cni-bin-dir"] {
            let kind = volume(created).unwrap()["hostPath"]["type"].clone();
            assert_eq!(
                kind == "DirectoryOrCreate",
                shape.host_paths_created,
                "{r}: {created}"
            );
        }
        assert_eq!(
            volume("sys-kernel-security").is_some(),
            shape.kernel_security_mount,
            "{r}"
        );

        let config = find(&objects, "ConfigMap", "calico-config").unwrap();
        let cni: Value = serde_json::from_str(
            &config["data"]["cni_network_config"]
                .as_str()
                .unwrap()
                .replace("__CNI_MTU__", "0"),
        )
        .unwrap();
        assert_eq!(cni["cniVersion"], shape.cni_version, "{r}");
        let bandwidth = cni["plugins"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["type"] == "bandwidth");
        assert_eq!(bandwidth, shape.cni_bandwidth, "{r}");

        let controllers = find(&objects, "Deployment", "calico-kube-controllers").unwrap();
        let env = &controllers["spec"]["template"]["spec"]["containers"][0]["env"][0];
        assert_eq!(env["name"], "ENABLED_CONTROLLERS");
        let want = if shape.load_balancer_controller {
            "node,loadbalancer"
        } else {
            "node"
        };
        assert_eq!(env["value"], want, "{r}");

        assert_eq!(
            find(&objects, "ClusterRole", "calico-tier-getter").is_some(),
            shape.tier_getter,
            "{r}"
        );
        assert_eq!(
            find(&objects, "ClusterRoleBinding", "calico-tier-getter").is_some(),
            shape.tier_getter,
            "{r}"
        );
        let rules = |role: &str| {
            find(&objects, "ClusterRole", role).unwrap()["rules"]
                .as_array()
                .unwrap()
                .clone()
        };
        let admin: Vec<Value> = rules("calico-node")
            .iter()
            .filter(|rule| rule["apiGroups"][0] == "policy.networking.k8s.io")
            .flat_map(|rule| rule["resources"].as_array().unwrap().clone())
            .collect();
        assert_eq!(
            admin,
            shape
                .k8s_admin_policies
                .iter()
                .map(|k| Value::from(*k))
                .collect::<Vec<_>>(),
            "{r}"
        );
        for role in [
            "calico-node",
            "calico-kube-controllers",
            "calico-cni-plugin",
        ] {
            let groups: Vec<Value> = rules(role)
                .iter()
                .flat_map(|rule| rule["apiGroups"].as_array().unwrap().clone())
                .collect();
            assert_eq!(
                groups.contains(&Value::from("projectcalico.org")),
                shape.projectcalico_api_group,
                "{r}: {role}"
            );
            let kubevirt = if role == "calico-node" {
                shape.kubevirt_migrations
            } else {
                shape.kubevirt
            };
            assert_eq!(
                groups.contains(&Value::from("kubevirt.io")),
                kubevirt,
                "{r}: {role}"
            );
        }
        let controllers_rules = rules("calico-kube-controllers");
        let has = |resource: &str| {
            controllers_rules.iter().any(|rule| {
                rule["resources"]
                    .as_array()
                    .unwrap()
                    .contains(&Value::from(resource))
            })
        };
        assert_eq!(has("namespaces"), shape.controllers_watch_namespaces, "{r}");
        assert_eq!(has("services"), shape.load_balancer_controller, "{r}");
        let node_reads = rules("calico-node");
        let staged = node_reads.iter().any(|rule| {
            rule["resources"]
                .as_array()
                .unwrap()
                .contains(&Value::from("stagednetworkpolicies"))
        });
        assert_eq!(staged, shape.staged_policies, "{r}");
        let creates_tiers = node_reads.iter().any(|rule| {
            rule["resources"] == serde_json::json!(["tiers"])
                && rule["verbs"] == serde_json::json!(["create"])
        });
        assert_eq!(creates_tiers, shape.tiers_create, "{r}");
        let reads_tiers = node_reads.iter().any(|rule| {
            rule["resources"].as_array().unwrap().len() > 1
                && rule["resources"]
                    .as_array()
                    .unwrap()
                    .contains(&Value::from("tiers"))
        });
        assert_eq!(reads_tiers, shape.tiers, "{r}");
    }
}

/// The operator profile's custom resources fit their schemas in every
/// release it renders: the Installation the model's (calico-api, no unknown
/// field), the FelixConfiguration the release's CRD (no field the API
/// server would prune).
#[test]
fn the_operator_resources_fit_their_schemas() {
    let installation = calico_api::operator::installation_schema();
    let installation = jsonschema::validator_for(&installation).unwrap();
    let mut rendered = 0;
    for facts in RELEASES
        .iter()
        .filter(|f| f.release >= calico_release::OPERATOR_FLOOR)
    {
        let crds: Vec<Value> = calico_render::crds(facts.release)
            .unwrap()
            .objects()
            .iter()
            .map(|o| o.value().unwrap().clone())
            .collect();
        let felix_schema = schema_of(&crds, "FelixConfiguration");
        let felix = jsonschema::validator_for(felix_schema).unwrap();
        for calico in [
            "{bpfEnabled: true, bpfExternalServiceMode: DSR, bpfLogLevel: Debug, logSeverityScreen: warning, chainInsertMode: append, iptablesBackend: Legacy, wireguardEnabled: true, prometheusMetricsEnabled: true, typhaPrometheusMetricsEnabled: true, mtu: 8951, cpuRequest: \"1\", allowIPForwarding: true, registry: r.example.com, ipv4AutoDetectionMethod: \"cidr=10.0.0.0/8\"}",
            "{encapsulationMode: vxlan, vxlanMode: Always, nftablesMode: Enabled, awsSrcDstCheck: Enable}",
        ] {
            let yaml = format!(
                "profile: operator\ncloudProvider: aws\nkubeProxy: {{enabled: false}}\nnetworking:\n  calico: {{version: {}, {}",
                facts.release,
                &calico[1..]
            );
            for object in common::render(&yaml).objects() {
                let value = object.value().unwrap();
                let errors: Vec<String> = match object.kind.as_str() {
                    "Installation" => {
                        // The schema does refuse what the model lacks.
                        let mut typo = value.clone();
                        typo["spec"]["calicoNetwork"]["ipPool"] = Value::Null;
                        assert!(!installation.is_valid(&typo));
                        installation.iter_errors(value).map(|e| e.to_string()).collect()
                    }
                    "FelixConfiguration" => {
                        let mut unknown = Vec::new();
                        unknown_fields(value, felix_schema, "", &mut unknown);
                        felix.iter_errors(value).map(|e| e.to_string()).chain(unknown).collect()
                    }
                    _ => continue,
                };
                assert!(errors.is_empty(), "{} {}: {errors:?}", facts.release, object.kind);
                rendered += 1;
            }
        }
    }
    // Both kinds, both specs, every release from 3.30.
    assert_eq!(rendered, 2 * 2 * 18);
}
