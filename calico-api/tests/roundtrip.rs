//! One example object per kind: JSON -> typed model -> JSON gives the same
//! document, and the document is valid against the kind's generated CRD schema.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![recursion_limit = "256"]

use calico_api::*;
use serde_json::{json, Value};

/// Parses `doc` as `T`, serializes it back and compares; then validates it
/// against the CRD of `T`'s kind.
fn roundtrip<T: Resource + std::fmt::Debug>(doc: Value) {
    assert_eq!(doc["apiVersion"], T::API_VERSION);
    assert_eq!(doc["kind"], T::KIND);
    let typed: T = serde_json::from_value(doc.clone())
        .unwrap_or_else(|e| panic!("{} does not parse: {e}", T::KIND));
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(back, doc, "{} changed in a round trip", T::KIND);
    validate(T::KIND, &doc);
}

/// Turns the CRD's OpenAPI `nullable` into JSON Schema's `null` type.
fn nullable_to_null_type(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::String(t)) = map.get("type").cloned() {
                    map.insert("type".into(), json!([t, "null"]));
                }
            }
            map.values_mut().for_each(nullable_to_null_type);
        }
        Value::Array(items) => items.iter_mut().for_each(nullable_to_null_type),
        _ => {}
    }
}

/// Validates `doc` against the CRD of `kind` in the default release, or in
/// the newest release that has it.
fn validate(kind: &str, doc: &Value) {
    let mut releases: Vec<Release> = Release::known().map(|facts| facts.release).collect();
    releases.reverse();
    releases.insert(0, Release::DEFAULT);
    let crd = releases
        .into_iter()
        .find_map(|release| {
            crds(release)
                .unwrap()
                .into_iter()
                .find(|c| c["spec"]["names"]["kind"] == kind)
        })
        .unwrap_or_else(|| panic!("no CRD for {kind}"));
    let mut schema = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"].clone();
    nullable_to_null_type(&mut schema);
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{kind} example invalid: {errors:?}");
}

fn calico(kind: &str, name: &str, spec: Value) -> Value {
    json!({
        "apiVersion": "crd.projectcalico.org/v1",
        "kind": kind,
        "metadata": { "name": name },
        "spec": spec
    })
}

fn rule() -> Value {
    json!({
        "action": "Allow",
        "protocol": "TCP",
        "ipVersion": 4,
        "metadata": { "annotations": { "owner": "platform" } },
        "source": {
            "selector": "role == 'frontend'",
            "namespaceSelector": "team == 'web'",
            "nets": ["10.0.0.0/8"],
            "notNets": ["10.1.0.0/16"],
            "ports": [80, "8000:8080", "metrics"],
            "notPorts": [22],
            "serviceAccounts": { "names": ["api"], "selector": "app == 'x'" }
        },
        "destination": {
            "notSelector": "has(quarantine)",
            "services": { "name": "kubernetes", "namespace": "default" },
            "ports": [443]
        },
        "http": { "methods": ["GET"], "paths": [{ "exact": "/healthz" }, { "prefix": "/api" }] }
    })
}

fn icmp_rule() -> Value {
    json!({
        "action": "Deny",
        "protocol": 1,
        "icmp": { "type": 8, "code": 0 },
        "notICMP": { "type": 3 },
        "notProtocol": "UDP"
    })
}

#[test]
fn bgp_configuration() {
    roundtrip::<BGPConfiguration>(calico(
        "BGPConfiguration",
        "default",
        json!({
            "asNumber": 64512,
            "bindMode": "NodeIP",
            "communities": [{ "name": "edge", "value": "64512:100" }],
            "ignoredInterfaces": ["eth9"],
            "listenPort": 179,
            "localWorkloadPeeringIPV4": "169.254.0.1",
            "logSeverityScreen": "Info",
            "nodeMeshMaxRestartTime": "120s",
            "nodeMeshPassword": { "secretKeyRef": { "name": "bgp", "key": "password" } },
            "nodeToNodeMeshEnabled": true,
            "prefixAdvertisements": [{ "cidr": "10.0.0.0/8", "communities": ["edge", "64512:200"] }],
            "serviceClusterIPs": [{ "cidr": "100.64.0.0/13" }],
            "serviceExternalIPs": [{ "cidr": "203.0.113.0/24" }],
            "serviceLoadBalancerAggregation": "Disabled",
            "serviceLoadBalancerIPs": [{ "cidr": "198.51.100.0/24" }]
        }),
    ));
}

#[test]
fn bgp_filter() {
    roundtrip::<BGPFilter>(calico(
        "BGPFilter",
        "no-default",
        json!({
            "exportV4": [{ "action": "Reject", "cidr": "0.0.0.0/0", "matchOperator": "Equal" }],
            "importV4": [{
                "action": "Accept",
                "cidr": "10.0.0.0/8",
                "matchOperator": "In",
                "prefixLength": { "min": 16, "max": 24 },
                "source": "RemotePeers",
                "interface": "eth*"
            }],
            "exportV6": [{ "action": "Accept", "prefixLength": { "max": 64 } }],
            "importV6": [{ "action": "Reject" }]
        }),
    ));
}

#[test]
fn bgp_peer() {
    roundtrip::<BGPPeer>(calico(
        "BGPPeer",
        "tor",
        json!({
            "asNumber": 65000,
            "filters": ["no-default"],
            "keepOriginalNextHop": false,
            "localASNumber": 64512,
            "maxRestartTime": "60s",
            "nextHopMode": "Self",
            "nodeSelector": "rack == 'a'",
            "numAllowedLocalASNumbers": 1,
            "password": { "secretKeyRef": { "name": "bgp", "key": "tor", "optional": true } },
            "peerIP": "192.0.2.1:179",
            "reachableBy": "192.0.2.254",
            "reversePeering": "Manual",
            "sourceAddress": "UseNodeIP",
            "ttlSecurity": 1
        }),
    ));
}

#[test]
fn block_affinity() {
    roundtrip::<BlockAffinity>(calico(
        "BlockAffinity",
        "node-1-100-96-1-0-26",
        json!({
            "cidr": "100.96.1.0/26",
            "deleted": "false",
            "node": "node-1",
            "state": "confirmed",
            "type": "host"
        }),
    ));
}

#[test]
fn calico_node_status() {
    let mut doc = calico(
        "CalicoNodeStatus",
        "node-1",
        json!({ "classes": ["Agent", "BGP", "Routes"], "node": "node-1", "updatePeriodSeconds": 10 }),
    );
    doc["status"] = json!({
        "agent": {
            "birdV4": {
                "state": "Ready",
                "version": "v0.3.3",
                "routerID": "172.20.1.1",
                "lastBootTime": "2026-01-01 10:00:00",
                "lastReconfigurationTime": "2026-01-01 10:00:05"
            }
        },
        "bgp": {
            "numberEstablishedV4": 1,
            "numberEstablishedV6": 0,
            "numberNotEstablishedV4": 0,
            "numberNotEstablishedV6": 0,
            "peersV4": [{ "peerIP": "172.20.1.2", "since": "10:00:07", "state": "Established", "type": "NodeMesh" }]
        },
        "lastUpdated": "2026-01-01T10:01:00Z",
        "routes": {
            "routesV4": [{
                "destination": "100.96.2.0/26",
                "gateway": "172.20.1.2",
                "interface": "eth0",
                "learnedFrom": { "peerIP": "172.20.1.2", "sourceType": "NodeMesh" },
                "type": "FIB"
            }]
        }
    });
    roundtrip::<CalicoNodeStatus>(doc);
}

#[test]
fn cluster_information() {
    roundtrip::<ClusterInformation>(calico(
        "ClusterInformation",
        "default",
        json!({
            "calicoVersion": "v3.31.6",
            "clusterGUID": "0c5f0f9bd3e44c6c9b6d4b3b33f2ad3b",
            "clusterType": "k8s,bgp,kubeadm",
            "datastoreReady": true,
            "variant": "Calico"
        }),
    ));
}

#[test]
fn felix_configuration() {
    roundtrip::<FelixConfiguration>(calico(
        "FelixConfiguration",
        "default",
        json!({
            "awsSrcDstCheck": "Disable",
            "bpfAttachType": "TCX",
            "bpfConnectTimeLoadBalancing": "TCP",
            "bpfConntrackMode": "BPFProgram",
            "bpfConntrackTimeouts": { "tcpEstablished": "1h", "udpTimeout": "Auto" },
            "bpfEnabled": true,
            "bpfExternalServiceMode": "DSR",
            "bpfHostNetworkedNATWithoutCTLB": "Enabled",
            "bpfJITHardening": "Auto",
            "bpfKubeProxyIptablesCleanupEnabled": true,
            "bpfLogFilters": { "all": "tcp" },
            "bpfLogLevel": "Off",
            "bpfMapSizeConntrackCleanupQueue": 100000,
            "bpfPSNATPorts": "20000:29999",
            "bpfRedirectToPeer": "L2Only",
            "chainInsertMode": "Insert",
            "failsafeInboundHostPorts": [{ "protocol": "tcp", "port": 22 }, { "protocol": "udp", "port": 68, "net": "0.0.0.0/0" }],
            "failsafeOutboundHostPorts": [{ "protocol": "tcp", "port": 443 }],
            "featureGates": "BPFConnectTimeLoadBalancingWorkaround=enabled",
            "floatingIPs": "Disabled",
            "flowLogsLocalReporter": "Disabled",
            "flowLogsPolicyEvaluationMode": "Continuous",
            "goGCThreshold": -1,
            "healthPort": 9099,
            "healthTimeoutOverrides": [{ "name": "InternalDataplaneMainLoop", "timeout": "90s" }],
            "ipForwarding": "Enabled",
            "iptablesBackend": "Auto",
            "iptablesMarkMask": 4294901760u32,
            "kubeNodePortRanges": ["30000:32767"],
            "logActionRateLimit": "10/second",
            "logActionRateLimitBurst": 5,
            "logSeverityScreen": "info",
            "natOutgoingExclusions": "IPPoolsAndHostIPs",
            "natPortRange": "32768:65535",
            "nftablesMode": "Auto",
            "prometheusMetricsEnabled": true,
            "prometheusMetricsPort": 9091,
            "reportingInterval": "0s",
            "routeTableRanges": [{ "min": 1, "max": 250 }],
            "routeTableRange": { "min": 1, "max": 250 },
            "windowsManageFirewallRules": "Disabled",
            "wireguardEnabled": true,
            "wireguardKeepAlive": "25s",
            "vxlanVNI": 4096
        }),
    ));
}

#[test]
fn global_network_policy() {
    roundtrip::<GlobalNetworkPolicy>(calico(
        "GlobalNetworkPolicy",
        "default.allow-dns",
        json!({
            "tier": "default",
            "order": 100.5,
            "selector": "all()",
            "namespaceSelector": "has(projectcalico.org/name)",
            "serviceAccountSelector": "",
            "types": ["Ingress", "Egress"],
            "ingress": [rule(), icmp_rule()],
            "egress": [{ "action": "Pass" }],
            "applyOnForward": true,
            "doNotTrack": false,
            "preDNAT": false,
            "performanceHints": ["AssumeNeededOnEveryNode"]
        }),
    ));
}

#[test]
fn global_network_set() {
    roundtrip::<GlobalNetworkSet>(calico(
        "GlobalNetworkSet",
        "blocked",
        json!({ "nets": ["198.51.100.0/24", "2001:db8::/32"] }),
    ));
}

#[test]
fn host_endpoint() {
    roundtrip::<HostEndpoint>(calico(
        "HostEndpoint",
        "node-1-eth0",
        json!({
            "node": "node-1",
            "interfaceName": "eth0",
            "expectedIPs": ["172.20.1.1"],
            "profiles": ["projectcalico-default-allow"],
            "ports": [{ "name": "ssh", "port": 22, "protocol": "TCP" }, { "name": "dns", "port": 53, "protocol": 17 }]
        }),
    ));
}

#[test]
fn ipam_block() {
    roundtrip::<IPAMBlock>(calico(
        "IPAMBlock",
        "100-96-1-0-30",
        json!({
            "affinity": "host:node-1",
            "allocations": [0, null, 1, null],
            "attributes": [
                { "handle_id": "ipip-tunnel-addr-node-1", "secondary": { "node": "node-1", "type": "ipipTunnelAddress" } },
                { "handle_id": "k8s-pod-network.abc" }
            ],
            "cidr": "100.96.1.0/30",
            "deleted": false,
            "sequenceNumber": 7,
            "sequenceNumberForAllocation": { "0": 1, "2": 7 },
            "strictAffinity": false,
            "unallocated": [1, 3]
        }),
    ));
}

#[test]
fn ipam_config() {
    roundtrip::<IPAMConfig>(calico(
        "IPAMConfig",
        "default",
        json!({ "autoAllocateBlocks": true, "strictAffinity": false, "maxBlocksPerHost": 0 }),
    ));
}

#[test]
fn ipam_handle() {
    roundtrip::<IPAMHandle>(calico(
        "IPAMHandle",
        "k8s-pod-network.abc",
        json!({ "handleID": "k8s-pod-network.abc", "block": { "100.96.1.0/26": 1 }, "deleted": false }),
    ));
}

#[test]
fn ip_pool() {
    roundtrip::<IPPool>(calico(
        "IPPool",
        "default-ipv4-ippool",
        json!({
            "cidr": "100.96.0.0/11",
            "blockSize": 26,
            "ipipMode": "CrossSubnet",
            "vxlanMode": "Never",
            "natOutgoing": true,
            "nodeSelector": "all()",
            "namespaceSelector": "",
            "allowedUses": ["Workload", "Tunnel"],
            "assignmentMode": "Automatic",
            "disableBGPExport": false,
            "disabled": false,
            "ipip": { "enabled": true, "mode": "always" },
            "nat-outgoing": true
        }),
    ));
}

#[test]
fn ip_reservation() {
    roundtrip::<IPReservation>(calico(
        "IPReservation",
        "reserved",
        json!({ "reservedCIDRs": ["100.96.0.0/28", "100.96.0.100"] }),
    ));
}

#[test]
fn kube_controllers_configuration() {
    let spec = json!({
        "controllers": {
            "loadBalancer": { "assignIPs": "RequestedServicesOnly" },
            "namespace": { "reconcilerPeriod": "5m" },
            "node": {
                "reconcilerPeriod": "5m",
                "syncLabels": "Enabled",
                "leakGracePeriod": "15m",
                "hostEndpoint": {
                    "autoCreate": "Enabled",
                    "createDefaultHostEndpoint": "Disabled",
                    "templates": [{
                        "generateName": "internal",
                        "interfaceCIDRs": ["10.0.0.0/8"],
                        "interfacePattern": "eth.*",
                        "labels": { "network": "internal" },
                        "nodeSelector": "all()"
                    }]
                }
            },
            "policy": { "reconcilerPeriod": "5m" },
            "serviceAccount": { "reconcilerPeriod": "5m" },
            "workloadEndpoint": { "reconcilerPeriod": "5m" }
        },
        "debugProfilePort": 0,
        "etcdV3CompactionPeriod": "10m",
        "healthChecks": "Enabled",
        "logSeverityScreen": "Info",
        "prometheusMetricsPort": 9094
    });
    let mut doc = calico("KubeControllersConfiguration", "default", spec.clone());
    doc["status"] =
        json!({ "environmentVars": { "ENABLED_CONTROLLERS": "node" }, "runningConfig": spec });
    roundtrip::<KubeControllersConfiguration>(doc);
}

#[test]
fn network_policy() {
    let mut doc = calico(
        "NetworkPolicy",
        "default.allow-web",
        json!({
            "tier": "default",
            "order": 10,
            "selector": "app == 'web'",
            "types": ["Ingress"],
            "ingress": [rule()],
            "egress": [icmp_rule()],
            "performanceHints": ["AssumeNeededOnEveryNode"],
            "serviceAccountSelector": "role == 'x'"
        }),
    );
    doc["metadata"]["namespace"] = json!("shop");
    roundtrip::<NetworkPolicy>(doc);
}

#[test]
fn network_set() {
    let mut doc = calico(
        "NetworkSet",
        "partners",
        json!({ "nets": ["192.0.2.0/24"] }),
    );
    doc["metadata"]["namespace"] = json!("shop");
    doc["metadata"]["labels"] = json!({ "role": "partner" });
    roundtrip::<NetworkSet>(doc);
}

#[test]
fn staged_global_network_policy() {
    roundtrip::<StagedGlobalNetworkPolicy>(calico(
        "StagedGlobalNetworkPolicy",
        "default.deny-all",
        json!({
            "stagedAction": "Set",
            "tier": "default",
            "order": 2000,
            "selector": "all()",
            "types": ["Ingress"],
            "ingress": [{ "action": "Deny" }],
            "doNotTrack": false,
            "preDNAT": false,
            "applyOnForward": false,
            "namespaceSelector": "all()"
        }),
    ));
}

#[test]
fn staged_kubernetes_network_policy() {
    let selector = json!({
        "matchLabels": { "app": "db" },
        "matchExpressions": [{ "key": "tier", "operator": "In", "values": ["backend"] }]
    });
    let mut doc = calico(
        "StagedKubernetesNetworkPolicy",
        "db-ingress",
        json!({
            "stagedAction": "Set",
            "podSelector": selector,
            "policyTypes": ["Ingress", "Egress"],
            "ingress": [{
                "from": [
                    { "podSelector": { "matchLabels": { "app": "api" } }, "namespaceSelector": {} },
                    { "ipBlock": { "cidr": "10.0.0.0/8", "except": ["10.1.0.0/16"] } }
                ],
                "ports": [{ "protocol": "TCP", "port": 5432 }, { "port": "metrics", "endPort": 9100 }]
            }],
            "egress": [{ "to": [{ "namespaceSelector": { "matchLabels": { "name": "kube-system" } } }] }]
        }),
    );
    doc["metadata"]["namespace"] = json!("shop");
    roundtrip::<StagedKubernetesNetworkPolicy>(doc);
}

#[test]
fn staged_network_policy() {
    let mut doc = calico(
        "StagedNetworkPolicy",
        "default.staged-web",
        json!({
            "stagedAction": "Delete",
            "tier": "default",
            "order": 5,
            "selector": "app == 'web'",
            "egress": [rule()]
        }),
    );
    doc["metadata"]["namespace"] = json!("shop");
    roundtrip::<StagedNetworkPolicy>(doc);
}

#[test]
fn tier() {
    roundtrip::<Tier>(calico(
        "Tier",
        "security",
        json!({ "order": 100, "defaultAction": "Pass" }),
    ));
}

fn selector(label: &str) -> Value {
    json!({ "matchLabels": { "kubernetes.io/metadata.name": label } })
}

#[test]
fn admin_network_policy() {
    roundtrip::<AdminNetworkPolicy>(json!({
        "apiVersion": "policy.networking.k8s.io/v1alpha1",
        "kind": "AdminNetworkPolicy",
        "metadata": { "name": "cluster-control" },
        "spec": {
            "priority": 10,
            "subject": { "namespaces": { "matchExpressions": [{ "key": "env", "operator": "Exists" }] } },
            "ingress": [{
                "name": "allow-monitoring",
                "action": "Allow",
                "from": [
                    { "namespaces": selector("monitoring") },
                    { "pods": { "namespaceSelector": selector("ops"), "podSelector": { "matchLabels": { "app": "probe" } } } }
                ],
                "ports": [{ "portNumber": { "protocol": "TCP", "port": 9090 } }, { "namedPort": "metrics" }]
            }],
            "egress": [{
                "name": "deny-metadata",
                "action": "Deny",
                "to": [{ "networks": ["169.254.169.254/32"] }, { "nodes": { "matchLabels": { "role": "control-plane" } } }],
                "ports": [{ "portRange": { "start": 1, "end": 1024, "protocol": "UDP" } }]
            }, {
                "action": "Pass",
                "to": [{ "pods": { "namespaceSelector": {}, "podSelector": {} } }]
            }]
        },
        "status": {
            "conditions": [{
                "type": "Ready",
                "status": "True",
                "reason": "SetupSucceeded",
                "message": "programmed",
                "lastTransitionTime": "2026-01-01T00:00:00Z",
                "observedGeneration": 1
            }]
        }
    }));
}

#[test]
fn baseline_admin_network_policy() {
    roundtrip::<BaselineAdminNetworkPolicy>(json!({
        "apiVersion": "policy.networking.k8s.io/v1alpha1",
        "kind": "BaselineAdminNetworkPolicy",
        "metadata": { "name": "default" },
        "spec": {
            "subject": { "pods": { "namespaceSelector": {}, "podSelector": {} } },
            "ingress": [{ "action": "Deny", "from": [{ "namespaces": {} }] }],
            "egress": [{ "action": "Allow", "to": [{ "networks": ["0.0.0.0/0", "::/0"] }] }]
        }
    }));
}

#[test]
fn cluster_network_policy() {
    roundtrip::<ClusterNetworkPolicy>(json!({
        "apiVersion": "policy.networking.k8s.io/v1alpha2",
        "kind": "ClusterNetworkPolicy",
        "metadata": { "name": "cluster-control" },
        "spec": {
            "tier": "Admin",
            "priority": 10,
            "subject": { "namespaces": { "matchExpressions": [{ "key": "env", "operator": "Exists" }] } },
            "ingress": [{
                "name": "allow-monitoring",
                "action": "Accept",
                "from": [
                    { "namespaces": selector("monitoring") },
                    { "pods": { "podSelector": { "matchLabels": { "app": "probe" } } } }
                ],
                "protocols": [
                    { "tcp": { "destinationPort": { "number": 9090 } } },
                    { "destinationNamedPort": "metrics" }
                ]
            }],
            "egress": [{
                "name": "deny-metadata",
                "action": "Deny",
                "to": [{ "networks": ["169.254.169.254/32"] }],
                "protocols": [{ "udp": { "destinationPort": { "range": { "start": 1, "end": 1024 } } } }]
            }, {
                "action": "Pass",
                "to": [{ "pods": { "namespaceSelector": {}, "podSelector": {} } }]
            }]
        },
        "status": {
            "conditions": [{
                "type": "Ready",
                "status": "True",
                "reason": "SetupSucceeded",
                "message": "programmed",
                "lastTransitionTime": "2026-01-01T00:00:00Z"
            }]
        }
    }));
}

#[test]
fn constructors_fill_api_version_and_kind() {
    let cnp = ClusterNetworkPolicy::new("c", ClusterNetworkPolicySpec::default());
    assert_eq!(cnp.api_version, CLUSTER_POLICY_API_VERSION);
    assert_eq!(cnp.kind, "ClusterNetworkPolicy");
    let pool = IPPool::new(
        "p",
        IPPoolSpec {
            cidr: "10.0.0.0/16".into(),
            ..Default::default()
        },
    );
    assert_eq!(pool.api_version, CALICO_API_VERSION);
    assert_eq!(pool.kind, "IPPool");
    let anp = AdminNetworkPolicy::new("a", AdminNetworkPolicySpec::default());
    assert_eq!(anp.api_version, ADMIN_POLICY_API_VERSION);
    assert_eq!(anp.status, None);
    let json = serde_json::to_value(&anp).unwrap();
    assert!(json.get("status").is_none());
}

#[test]
fn invalid_objects_are_rejected() {
    // The typed model refuses values outside an enum...
    let bad = calico("Tier", "t", json!({ "defaultAction": "Allow" }));
    assert!(serde_json::from_value::<Tier>(bad).is_err());
    // ...and the generated schema refuses values outside its bounds.
    let crd = crds(Release::DEFAULT)
        .unwrap()
        .into_iter()
        .find(|c| c["spec"]["names"]["kind"] == "IPAMConfig")
        .unwrap();
    let schema = &crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"];
    let validator = jsonschema::validator_for(schema).unwrap();
    let doc = calico(
        "IPAMConfig",
        "default",
        json!({ "autoAllocateBlocks": true, "strictAffinity": false, "maxBlocksPerHost": -1 }),
    );
    assert!(!validator.is_valid(&doc));
}
