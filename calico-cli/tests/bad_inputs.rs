//! Hostile and broken inputs through the real binary (issue 6).
//!
//! Every row of the table is one input (written to a fresh temporary
//! directory, or an I/O situation such as a missing path), the arguments to
//! run the binary with, and what must happen:
//!
//! - `Fail`: the exit code (1 invalid input, 2 usage or I/O error), an EMPTY
//!   stdout, and the key parts of stderr (the field path, usually with its
//!   `file:line:column`);
//! - `Intact`: a hostile string that validation accepts (a regex, a DNS
//!   domain): the manifest must then parse back to exactly the intended
//!   objects, i.e. the YAML stream equals the JSON `List` item for item and
//!   has the shape of a benign baseline (same documents, keys and list
//!   items), the string showing up only inside string values;
//! - `RejectedOrIntact`: either of the two (for fields whose validation is
//!   still open to debate; see the row's note).
//!
//! Every run must also finish within [`TIME_LIMIT`], must not panic, and
//! must keep stderr bounded. Rows are data: add a row, not a test function.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_calico-render");
/// A run taking longer than this is a hang (debug build, busy CI machine).
const TIME_LIMIT: Duration = Duration::from_secs(60);
/// The input limit (calico_spec::limits::MAX_INPUT_BYTES).
const MAX_INPUT: usize = 8 * 1024 * 1024;

// ---------------------------------------------------------------------------
// The table's vocabulary
// ---------------------------------------------------------------------------

/// What the binary is given.
enum Input {
    /// Written to `<tmp>/<row name>.yaml`, passed as `<row name>.yaml`.
    File(Vec<u8>),
    /// Piped to stdin, passed as `-`.
    Stdin(Vec<u8>),
    /// Piped to stdin, no file argument (the KRM function).
    Pipe(Vec<u8>),
    /// A file name that does not exist.
    Missing,
    /// A directory.
    Directory,
    /// A file with mode 000 (root reads it anyway: see `run_row`).
    NoPermission(Vec<u8>),
    /// An absolute path whose read fails with an I/O error.
    Path(&'static str),
    /// No file argument at all.
    Nothing,
}

/// What must happen.
enum Expect {
    /// Exit `code`, empty stdout, each needle in stderr (`{f}` stands for the
    /// input's name as passed).
    Fail { code: i32, needles: Vec<String> },
    /// Exit 0 and a manifest with the shape of `baseline`'s, `payload`
    /// appearing in some string value.
    Intact { baseline: Vec<u8>, payload: String },
    /// `Fail { code: 1, needles }` or `Intact`, whichever validation decides.
    RejectedOrIntact {
        needles: Vec<String>,
        baseline: Vec<u8>,
        payload: String,
    },
    /// The KRM function on a ResourceList whose functionConfig is invalid:
    /// exit 1 and, as the protocol wants, the list on stdout with its items
    /// unchanged and an error result for `path`; `needle` in stderr.
    KrmResults { path: String, needle: String },
}

struct Row {
    name: String,
    category: &'static str,
    /// Arguments before the input's name (the input comes last).
    args: Vec<String>,
    input: Input,
    expect: Expect,
}

fn fail(code: i32, needles: &[&str]) -> Expect {
    Expect::Fail {
        code,
        needles: needles.iter().map(|s| s.to_string()).collect(),
    }
}

/// Collects rows; every helper pushes one.
struct Table(Vec<Row>);

impl Table {
    fn push(
        &mut self,
        category: &'static str,
        name: &str,
        args: &[&str],
        input: Input,
        expect: Expect,
    ) {
        assert!(
            self.0.iter().all(|r| r.name != name),
            "duplicate row name {name}"
        );
        self.0.push(Row {
            name: name.to_string(),
            category,
            args: args.iter().map(|s| s.to_string()).collect(),
            input,
            expect,
        });
    }
    /// A YAML text file rendered with no flags, expected to fail with exit 1.
    fn bad(&mut self, category: &'static str, name: &str, yaml: &str, needles: &[&str]) {
        self.push(
            category,
            name,
            &[],
            Input::File(yaml.as_bytes().to_vec()),
            fail(1, needles),
        );
    }
    fn bad_bytes(&mut self, category: &'static str, name: &str, bytes: Vec<u8>, needles: &[&str]) {
        self.push(category, name, &[], Input::File(bytes), fail(1, needles));
    }
}

/// A small deterministic generator for "random" bytes.
fn xorshift_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// `s` as a YAML double-quoted scalar (JSON strings are YAML 1.2).
fn dq(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

// ---------------------------------------------------------------------------
// Templates with fixed line numbers
// ---------------------------------------------------------------------------

/// A one-field calico spec: the value is at line 3, column `len(field) + 7`.
fn calico_field(field: &str, value: &str) -> String {
    format!("networking:\n  calico:\n    {field}: {value}\n")
}

fn calico_field_col(field: &str) -> usize {
    field.len() + 7
}

/// The free-text fields of a kOps Cluster, each on a fixed line.
struct Hostile<'a> {
    name: &'a str,
    dns_domain: &'a str,
    master_public_name: &'a str,
    proxy_host: &'a str,
    excludes: &'a str,
    /// One calico field and its value (already YAML), on line 16.
    calico: (&'a str, String),
}

impl Default for Hostile<'_> {
    fn default() -> Self {
        Hostile {
            name: "hostile.example.com",
            dns_domain: "cluster.local",
            master_public_name: "api.hostile.example.com",
            proxy_host: "proxy.example.com",
            excludes: "corp.example.com",
            calico: ("logSeverityScreen", "info".into()),
        }
    }
}

impl Hostile<'_> {
    /// metadata.name: line 4 col 9; clusterDNSDomain: 7:21; masterPublicName:
    /// 8:21; httpProxy.host: 11:13; excludes: 13:15; the calico field: 16:(len+9).
    fn yaml(&self) -> String {
        format!(
            "apiVersion: kops.k8s.io/v1alpha2\n\
             kind: Cluster\n\
             metadata:\n  name: {}\n\
             spec:\n  cloudProvider: aws\n  clusterDNSDomain: {}\n  masterPublicName: {}\n\
             \x20 egressProxy:\n    httpProxy:\n      host: {}\n      port: 3128\n    excludes: {}\n\
             \x20 networking:\n    calico:\n      {}: {}\n",
            dq(self.name),
            dq(self.dns_domain),
            dq(self.master_public_name),
            dq(self.proxy_host),
            dq(self.excludes),
            self.calico.0,
            self.calico.1,
        )
    }
}

/// The payloads every free-text field is tried with.
const PAYLOADS: &[(&str, &str)] = &[
    ("newline", "x\ny"),
    ("colon-space", "x: y"),
    ("doc-marker", "---"),
    ("doc-marker-inside", "x\n---\nkind: Secret"),
    ("jinja", "{{ x }}"),
    ("quotes", "\"'x"),
    ("bell", "x\u{7}y"),
    ("carriage-return", "x\ry"),
    ("comment", "x #y"),
    ("line-separator", "x\u{2028}y"),
];

// ---------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------

fn rows() -> Vec<Row> {
    let mut t = Table(Vec::new());
    document_rows(&mut t);
    shape_rows(&mut t);
    type_rows(&mut t);
    range_rows(&mut t);
    stream_rows(&mut t);
    hostile_rows(&mut t);
    conflict_rows(&mut t);
    limit_rows(&mut t);
    io_rows(&mut t);
    krm_rows(&mut t);
    t.0
}

/// Not a spec at all: encodings, YAML syntax, top-level shape.
fn document_rows(t: &mut Table) {
    let c = "document";
    let none = "the input holds no YAML document";
    t.bad(
        c,
        "empty-file",
        "",
        &["{f}:1:1: the input holds no YAML document", none],
    );
    t.bad(
        c,
        "only-comments",
        "# a comment\n\n   # another\n",
        &["{f}:1:1: the input holds no YAML document", none],
    );
    t.bad(
        c,
        "only-document-markers",
        "---\n---\n...\n",
        &["{f}:1:1: the input holds no YAML document", none],
    );
    t.bad(
        c,
        "only-null",
        "~\n",
        &["{f}:1:1: the input holds no YAML document", none],
    );
    t.bad(
        c,
        "syntax-unclosed-bracket",
        "networking:\n  calico: {mtu: 1\n",
        &["{f}:2:11: ", "unclosed bracket"],
    );
    t.bad(
        c,
        "syntax-unclosed-quote",
        "networking:\n  calico:\n    registry: \"quay.io\n",
        &["{f}:3:15: ", "unclosed quote"],
    );
    t.bad(
        c,
        "syntax-bad-indentation",
        "networking:\n  calico:\n    mtu: 1\n   ipipMode: Always\n",
        &["{f}:4:4: "],
    );
    t.bad(
        c,
        "tabs-for-indentation",
        "networking:\n\tcalico: {}\n",
        &["{f}:2:2: ", "tabs"],
    );
    t.bad_bytes(
        c,
        "non-utf8-bytes",
        b"networking:\n  calico:\n    registry: \"\xff\xfe\"\n".to_vec(),
        &["{f}:3:16: ", "not valid UTF-8"],
    );
    let mut utf16 = vec![0xff, 0xfe];
    for u in "networking: {calico: {}}\n".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    t.bad_bytes(
        c,
        "utf16-with-bom",
        utf16,
        &["{f}:1:1: ", "not valid UTF-8"],
    );
    t.bad_bytes(
        c,
        "nul-byte",
        b"networking:\n  calico: {}\n\0\n".to_vec(),
        &["{f}:3:1: ", "NUL byte"],
    );
    t.bad_bytes(
        c,
        "nul-byte-in-string",
        b"networking:\n  calico:\n    registry: \"quay.io\0\"\n".to_vec(),
        &["{f}:3:23: ", "NUL byte"],
    );
    t.bad(
        c,
        "control-characters",
        "networking:\n  calico: {}\n\u{1}\u{2}\u{3}\n",
        &["{f}:3:1: "],
    );
    let mut binary = xorshift_bytes(0x9e37_79b9_7f4a_7c15, 4096);
    binary[0] = 0x89; // as a PNG would start: never UTF-8
    t.bad_bytes(c, "binary-data", binary, &["{f}:1:1: ", "not valid UTF-8"]);
    let ascii_binary: Vec<u8> = xorshift_bytes(42, 4096)
        .into_iter()
        .map(|b| b & 0x7f)
        .collect();
    t.bad_bytes(c, "binary-data-ascii", ascii_binary, &["{f}:"]);
    t.bad(
        c,
        "top-level-list",
        "- networking: {calico: {}}\n",
        &["{f}:1:1: expected a mapping", "found list"],
    );
    t.bad(
        c,
        "top-level-string",
        "networking\n",
        &["{f}:1:1: expected a mapping", "found string"],
    );
    t.bad(
        c,
        "top-level-integer",
        "42\n",
        &["{f}:1:1: expected a mapping", "found integer"],
    );
    t.bad(
        c,
        "duplicate-key",
        "networking:\n  calico:\n    mtu: 1500\n    mtu: 1400\n",
        &["{f}:4:5: ", "duplicate", "mtu"],
    );
    t.bad(
        c,
        "duplicate-top-level-key",
        "networking:\n  calico: {}\nnetworking:\n  calico: {}\n",
        &["{f}:3:1: ", "duplicate", "networking"],
    );
    t.bad(
        c,
        "crlf-line-ends-keep-locations",
        "networking:\r\n  calico:\r\n    mtu: 1500.5\r\n",
        &["{f}:3:10: spec.networking.calico.mtu: expected an integer"],
    );
    t.bad(
        c,
        "yaml-1.1-directive-yes-is-true",
        "%YAML 1.1\n---\nnetworking: {calico: {bpfEnabled: yes}}\n",
        &[
            "{f}:3:1: spec.kubeProxy.enabled: ",
            "requires kubeProxy to be disabled",
        ],
    );
    // YAML limits an implicit key to 1,024 characters.
    let long_key = format!("networking:\n  calico: {{}}\n'{}': x\n", "k".repeat(1100));
    t.bad(
        c,
        "key-beyond-1024-characters",
        &long_key,
        &["{f}:3:1: ", "simple key expected ':'"],
    );
}

/// Mappings with unknown or misspelt fields.
fn shape_rows(t: &mut Table) {
    let c = "unknown-field";
    t.bad(
        c,
        "near-miss-calico-field",
        "networking:\n  calico:\n    ipipMod: Always\n",
        &[
            "{f}:3:5: spec.networking.calico.ipipMod: unknown field",
            "did you mean `ipipMode`?",
        ],
    );
    t.bad(
        c,
        "near-miss-case-only",
        "networking:\n  calico:\n    MTU: 1500\n",
        &[
            "{f}:3:5: spec.networking.calico.MTU: unknown field",
            "did you mean `mtu`?",
        ],
    );
    t.bad(
        c,
        "near-miss-networking-option",
        "networking:\n  calcio: {}\n",
        &[
            "{f}:2:3: spec.networking.calcio: unknown field",
            "did you mean `calico`?",
        ],
    );
    t.bad(
        c,
        "near-miss-kube-proxy",
        "kubeProxy:\n  enable: false\nnetworking:\n  calico: {}\n",
        &[
            "{f}:2:3: spec.kubeProxy.enable: unknown field",
            "did you mean `enabled`?",
        ],
    );
    t.bad(
        c,
        "near-miss-egress-proxy",
        "egressProxy:\n  httpProxi: {host: proxy.example.com}\nnetworking:\n  calico: {}\n",
        &[
            "{f}:2:3: spec.egressProxy.httpProxi: unknown field",
            "did you mean `httpProxy`?",
        ],
    );
    t.bad(
        c,
        "near-miss-bgp",
        "bgp:\n  routeReflector: {}\nnetworking:\n  calico: {}\n",
        &[
            "{f}:2:3: spec.bgp.routeReflector: unknown field",
            "did you mean `routeReflectors`?",
        ],
    );
    t.bad(
        c,
        "near-miss-envelope-of-own-kind",
        "apiVersion: calico-render.dev/v1alpha1\nkind: CalicoNetworking\nmetdata:\n  name: a.example.com\nspec:\n  networking: {calico: {}}\n",
        &["{f}:3:1: metdata: unknown field", "did you mean `metadata`?", "metadata: `metadata` is required"],
    );
    t.bad(
        c,
        "non-string-field-name",
        "networking:\n  calico:\n    1: 2\n",
        &["{f}:3:5: spec.networking.calico: field names must be strings"],
    );
    // An unknown top-level field is only a warning (kOps has many fields):
    // --strict turns it into a failure.
    t.push(
        c,
        "near-miss-top-level-strict",
        &["--strict"],
        Input::File(b"netwroking: {}\nnetworking:\n  calico: {}\n".to_vec()),
        fail(
            1,
            &[
                "{f}: warning: spec.netwroking: unknown field",
                "did you mean `networking`?",
                "--strict",
            ],
        ),
    );
}

/// Every calico field given a value of the wrong type, and the other
/// mappings given the wrong shape or a null where none is allowed.
fn type_rows(t: &mut Table) {
    let c = "wrong-type";
    const BOOLS: &[&str] = &[
        "allowIPForwarding",
        "bpfEnabled",
        "bpfKubeProxyIptablesCleanupEnabled",
        "crossSubnet",
        "prometheusMetricsEnabled",
        "prometheusGoMetricsEnabled",
        "prometheusProcessMetricsEnabled",
        "typhaPrometheusMetricsEnabled",
        "wireguardEnabled",
    ];
    const INTS: &[&str] = &[
        "mtu",
        "prometheusMetricsPort",
        "typhaPrometheusMetricsPort",
        "typhaReplicas",
    ];
    const STRINGS: &[&str] = &[
        "registry",
        "version",
        "awsSrcDstCheck",
        "bpfExternalServiceMode",
        "bpfLogLevel",
        "chainInsertMode",
        "encapsulationMode",
        "ipipMode",
        "ipv4AutoDetectionMethod",
        "ipv6AutoDetectionMethod",
        "iptablesBackend",
        "logSeverityScreen",
        "nftablesMode",
        "vxlanMode",
        "majorVersion",
    ];
    let mut row = |name: String, field: &str, value: &str, message: &str| {
        let needle = format!(
            "{{f}}:3:{}: spec.networking.calico.{field}: {message}",
            calico_field_col(field)
        );
        t.bad(c, &name, &calico_field(field, value), &[&needle]);
    };
    for f in BOOLS {
        row(
            format!("bool-{f}-as-string"),
            f,
            "\"true\"",
            "expected a boolean, found string \"true\"; write true or false without quotes",
        );
        // (`yes` is YAML 1.1's true, as in kOps's YAML reader: accepted.)
        row(
            format!("bool-{f}-as-float"),
            f,
            "1.0",
            "expected a boolean, found number",
        );
        row(
            format!("bool-{f}-as-integer"),
            f,
            "1",
            "expected a boolean, found integer 1",
        );
        row(
            format!("bool-{f}-as-list"),
            f,
            "[true]",
            "expected a boolean, found list",
        );
    }
    for f in INTS {
        row(
            format!("int-{f}-as-float"),
            f,
            "1500.5",
            "expected an integer, found number 1500.5",
        );
        row(
            format!("int-{f}-as-whole-float"),
            f,
            "1500.0",
            "expected an integer, found number",
        );
        row(
            format!("int-{f}-as-string"),
            f,
            "\"1500\"",
            "expected an integer, found string \"1500\"; write the number without quotes",
        );
        row(
            format!("int-{f}-as-map"),
            f,
            "{a: 1}",
            "expected an integer, found mapping",
        );
        row(
            format!("int-{f}-as-bool"),
            f,
            "true",
            "expected an integer, found boolean true",
        );
    }
    for f in STRINGS {
        row(
            format!("string-{f}-as-integer"),
            f,
            "5",
            "expected a string, found integer 5; quote the value",
        );
        row(
            format!("string-{f}-as-bool"),
            f,
            "true",
            "expected a string, found boolean true; quote the value",
        );
        row(
            format!("string-{f}-as-list"),
            f,
            "[a]",
            "expected a string, found list",
        );
        row(
            format!("string-{f}-as-map"),
            f,
            "{a: b}",
            "expected a string, found mapping",
        );
    }
    // cpuRequest is a quantity (a string or a number). The message is the
    // field's path and location; see the report about its wording.
    for (name, value) in [
        ("bool", "true"),
        ("list", "[1]"),
        ("map", "{a: 1}"),
        ("garbage", "abc"),
    ] {
        row(
            format!("quantity-cpuRequest-as-{name}"),
            "cpuRequest",
            value,
            "",
        );
    }
    // Lists for maps, scalars for maps, nulls where a value is required.
    t.bad(
        c,
        "list-for-networking",
        "networking: [calico]\n",
        &["{f}:1:13: spec.networking: expected a mapping, found list"],
    );
    t.bad(
        c,
        "list-for-calico",
        "networking:\n  calico: [a, b]\n",
        &["{f}:2:11: spec.networking.calico: expected a mapping, found list"],
    );
    t.bad(
        c,
        "string-for-calico",
        "networking:\n  calico: yes\n",
        &["{f}:2:11: spec.networking.calico: expected a mapping"],
    );
    t.bad(
        c,
        "list-for-kube-proxy",
        "kubeProxy: []\nnetworking:\n  calico: {}\n",
        &["{f}:1:12: spec.kubeProxy: expected a mapping, found list"],
    );
    t.bad(
        c,
        "string-for-egress-proxy",
        "egressProxy: proxy:3128\nnetworking:\n  calico: {}\n",
        &["{f}:1:14: spec.egressProxy: expected a mapping, found string"],
    );
    t.bad(c, "list-for-spec-in-cluster", "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: a.example.com}\nspec: [networking]\n", &["{f}:4:7: spec: expected a mapping"]);
    t.bad(
        c,
        "integer-for-cidr",
        "podCIDR: 10\nnetworking:\n  calico: {}\n",
        &["{f}:1:10: spec.podCIDR: expected a string, found integer 10"],
    );
    t.bad(c, "null-cluster-name", "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: null\nspec:\n  networking: {calico: {}}\n", &["{f}:4:9: metadata.name: expected a string, found null"]);
    t.bad(c, "missing-cluster-name", "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {}\nspec:\n  networking: {calico: {}}\n", &["metadata.name", "required"]);
    t.bad(c, "null-spec", "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: a.example.com\nspec: null\n", &["{f}:1:1: spec: the document has no spec"]);
    t.bad(c, "null-node-selector", "networking:\n  calico: {}\nbgp:\n  routeReflectors:\n    nodeSelector: null\n    clusterID: 244.0.0.1\n", &["{f}:5:19: spec.bgp.routeReflectors.nodeSelector: expected a string, found null"]);
    t.bad(c, "null-label-value", "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: a.example.com\n  labels: {alpha.kops.k8s.io/cloud: null}\nspec:\n  networking: {calico: {}}\n", &["metadata.labels.alpha.kops.k8s.io/cloud: expected a string, found null"]);
}

/// Integers out of range, non-finite numbers.
fn range_rows(t: &mut Table) {
    let c = "range";
    let calico = |f: &str, v: &str| calico_field(f, v);
    t.bad(
        c,
        "negative-typha-replicas",
        &calico("typhaReplicas", "-1"),
        &[
            "{f}:3:20: spec.networking.calico.typhaReplicas: ",
            "less than 0",
        ],
    );
    t.bad(
        c,
        "negative-mtu",
        &calico("mtu", "-5"),
        &["{f}:3:10: spec.networking.calico.mtu: invalid value -5"],
    );
    t.bad(
        c,
        "negative-metrics-port",
        &calico("prometheusMetricsPort", "-1"),
        &["{f}:3:28: spec.networking.calico.prometheusMetricsPort: invalid value -1"],
    );
    t.bad(
        c,
        "mtu-too-large",
        &calico("mtu", "70000"),
        &["{f}:3:10: spec.networking.calico.mtu: invalid value 70000"],
    );
    t.bad(
        c,
        "metrics-port-too-large",
        &calico("typhaPrometheusMetricsPort", "65536"),
        &["{f}:3:33: spec.networking.calico.typhaPrometheusMetricsPort: invalid value 65536"],
    );
    t.bad(
        c,
        "mtu-beyond-i32",
        &calico("mtu", "2147483648"),
        &["{f}:3:10: spec.networking.calico.mtu: 2147483648 is out of range"],
    );
    t.bad(
        c,
        "mtu-below-i32",
        &calico("mtu", "-2147483649"),
        &["{f}:3:10: spec.networking.calico.mtu: -2147483649 is out of range"],
    );
    t.bad(
        c,
        "typha-replicas-beyond-u64",
        &calico("typhaReplicas", "18446744073709551616"),
        &["{f}:3:20: spec.networking.calico.typhaReplicas: expected an integer"],
    );
    t.bad(
        c,
        "typha-replicas-huge",
        &calico("typhaReplicas", "123456789012345678901234567890"),
        &["{f}:3:20: spec.networking.calico.typhaReplicas: "],
    );
    t.bad(c, "mtu-infinite", &calico("mtu", ".inf"), &["{f}:3:10: "]);
    t.bad(c, "mtu-nan", &calico("mtu", ".nan"), &["{f}:3:10: "]);
    t.bad(
        c,
        "mtu-exponent",
        &calico("mtu", "1e3"),
        &["{f}:3:10: spec.networking.calico.mtu: expected an integer"],
    );
    t.bad(
        c,
        "negative-node-count",
        "nodeCount: -1\nnetworking:\n  calico: {}\n",
        &["{f}:1:12: spec.nodeCount: -1 is out of range"],
    );
    t.bad(
        c,
        "host-mtu-too-small",
        "hostMTU: 10\nnetworking:\n  calico: {}\n",
        &["{f}:1:10: spec.hostMTU: 10 is out of range"],
    );
    t.bad(
        c,
        "as-number-zero",
        "bgp:\n  asNumber: 0\nnetworking:\n  calico: {}\n",
        &["{f}:2:13: spec.bgp.asNumber: 0 is out of range"],
    );
    t.bad(
        c,
        "as-number-beyond-u32",
        "bgp:\n  asNumber: 4294967296\nnetworking:\n  calico: {}\n",
        &["{f}:2:13: spec.bgp.asNumber: 4294967296 is out of range"],
    );
    t.bad(c, "proxy-port-too-large", "egressProxy:\n  httpProxy:\n    host: proxy.example.com\n    port: 70000\nnetworking:\n  calico: {}\n", &["{f}:4:11: spec.egressProxy.httpProxy.port: 70000 is out of range"]);
    t.bad(c, "proxy-port-beyond-i64", "egressProxy:\n  httpProxy:\n    host: proxy.example.com\n    port: 9223372036854775808\nnetworking:\n  calico: {}\n", &["{f}:4:11: spec.egressProxy.httpProxy.port: 9223372036854775808 is out of range"]);
    t.bad(
        c,
        "negative-cpu-request",
        &calico("cpuRequest", "\"-1\""),
        &["{f}:3:17: spec.networking.calico.cpuRequest: ", "negative"],
    );
    t.bad(
        c,
        "negative-instance-group-size",
        "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: a.example.com}\nspec: {networking: {calico: {}}}\n---\napiVersion: kops.k8s.io/v1alpha2\nkind: InstanceGroup\nmetadata: {name: nodes}\nspec: {maxSize: -3}\n",
        &["{f}:9:17: InstanceGroup nodes: spec.maxSize: "],
    );
    t.push(
        c,
        "flag-host-mtu-out-of-range",
        &["--host-mtu", "10"],
        Input::File(calico("mtu", "1500").into_bytes()),
        fail(2, &["--host-mtu"]),
    );
    t.push(
        c,
        "flag-node-count-negative",
        &["--node-count", "-1"],
        Input::File(calico("mtu", "1500").into_bytes()),
        fail(2, &["unexpected argument '-1'"]),
    );
    t.push(
        c,
        "flag-kops-version-unknown",
        &["--kops-version", "9.9"],
        Input::File(calico("mtu", "1500").into_bytes()),
        fail(2, &["--kops-version"]),
    );
}

/// Streams, kinds and networking choices that are not one Calico cluster.
fn stream_rows(t: &mut Table) {
    let c = "stream-and-kind";
    let cluster = |name: &str| {
        format!("apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {{name: {name}}}\nspec: {{networking: {{calico: {{}}}}}}\n")
    };
    t.bad(
        c,
        "two-clusters",
        &format!(
            "{}---\n{}",
            cluster("a.example.com"),
            cluster("b.example.com")
        ),
        &["{f}:7:7: kind: document 2 (Cluster) is a second cluster"],
    );
    t.bad(
        c,
        "cluster-and-calico-networking",
        &format!("{}---\napiVersion: calico-render.dev/v1alpha1\nkind: CalicoNetworking\nmetadata: {{name: b.example.com}}\nspec: {{networking: {{calico: {{}}}}}}\n", cluster("a.example.com")),
        &["{f}:7:7: kind: document 2 (CalicoNetworking) is a second cluster"],
    );
    t.bad(
        c,
        "two-bare-specs",
        "networking:\n  calico: {}\n---\nnetworking:\n  calico: {}\n",
        &[
            "{f}:1:1: document 1: a bare cluster spec must be the only document",
            "{f}:4:1: document 2: ",
        ],
    );
    t.bad(c, "instance-group-only", "apiVersion: kops.k8s.io/v1alpha2\nkind: InstanceGroup\nmetadata: {name: nodes}\nspec: {maxSize: 3}\n", &["{f}:1:1: kind: the input has no Cluster or CalicoNetworking document"]);
    t.bad(c, "cluster-without-networking", "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: a.example.com}\nspec: {cloudProvider: aws}\n", &["{f}:4:7: spec.networking.calico: ", "networking: {calico: {}}"]);
    t.bad(
        c,
        "empty-networking",
        "networking: {}\n",
        &["spec.networking.calico: "],
    );
    t.bad(
        c,
        "null-calico",
        "networking:\n  calico: null\n",
        &["{f}:2:11: spec.networking.calico: "],
    );
    t.bad(c, "other-cni", "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: a.example.com}\nspec: {networking: {cilium: {}}}\n", &["{f}:4:29: spec.networking.cilium: ", "renders only Calico"]);
    t.bad(
        c,
        "calico-and-other-cni",
        "networking:\n  calico: {}\n  flannel: {}\n",
        &["spec.networking.flannel: "],
    );
    t.bad(c, "kops-api-version-not-accepted", "apiVersion: kops.k8s.io/v1alpha3\nkind: Cluster\nmetadata: {name: a.example.com}\nspec: {networking: {calico: {}}}\n", &["{f}:1:13: apiVersion: ", "\"kops.k8s.io/v1alpha3\" is not supported"]);
    t.bad(c, "own-api-version-not-accepted", "apiVersion: calico-render.dev/v1alpha2\nkind: CalicoNetworking\nmetadata: {name: a.example.com}\nspec: {networking: {calico: {}}}\n", &["{f}:2:7: kind: ", "is not an input calico-render reads"]);
    t.bad(
        c,
        "kind-not-accepted",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {}\n",
        &["{f}:2:7: kind: \"apps/v1\" \"Deployment\" is not an input calico-render reads"],
    );
    t.bad(
        c,
        "kind-not-a-string",
        "apiVersion: kops.k8s.io/v1alpha2\nkind: 42\nmetadata: {name: a}\nspec: {}\n",
        &["{f}:2:7: kind: "],
    );
    t.bad(
        c,
        "kind-without-api-version",
        "kind: Cluster\nmetadata:\n  name: a.example.com\nspec:\n  networking: {calico: {}}\n",
        &["{f}:1:7: apiVersion: kind \"Cluster\" needs an apiVersion"],
    );
    t.bad(c, "api-version-without-kind", "apiVersion: kops.k8s.io/v1alpha2\nmetadata:\n  name: a.example.com\nspec:\n  networking: {calico: {}}\n", &["{f}:1:13: kind: apiVersion \"kops.k8s.io/v1alpha2\" is set but kind is missing"]);
    t.push(
        c,
        "bad-input-on-stdin",
        &[],
        Input::Stdin(b"networking:\n  calico:\n    ipipMode: Sometimes\n".to_vec()),
        fail(
            1,
            &["-:3:15: spec.networking.calico.ipipMode: ", "Sometimes"],
        ),
    );
}

/// Free-text fields given strings that would break a naive template.
fn hostile_rows(t: &mut Table) {
    let c = "hostile-string";
    let baseline = Hostile::default().yaml().into_bytes();
    // (row prefix, builder, expected "file:line:col: path")
    type Build = fn(&str) -> String;
    let rejected: &[(&str, Build, &str)] = &[
        (
            "cluster-name",
            |p| {
                Hostile {
                    name: p,
                    ..Default::default()
                }
                .yaml()
            },
            "{f}:4:9: metadata.name: ",
        ),
        (
            "registry",
            |p| {
                Hostile {
                    calico: ("registry", dq(p)),
                    ..Default::default()
                }
                .yaml()
            },
            "{f}:16:17: spec.networking.calico.registry: ",
        ),
        (
            "version",
            |p| {
                Hostile {
                    calico: ("version", dq(p)),
                    ..Default::default()
                }
                .yaml()
            },
            "{f}:16:16: spec.networking.calico.version: ",
        ),
        (
            "ipv4-autodetection",
            |p| {
                Hostile {
                    calico: ("ipv4AutoDetectionMethod", dq(p)),
                    ..Default::default()
                }
                .yaml()
            },
            "{f}:16:32: spec.networking.calico.ipv4AutoDetectionMethod: ",
        ),
        (
            "ipv4-can-reach",
            |p| {
                Hostile {
                    calico: ("ipv4AutoDetectionMethod", dq(&format!("can-reach={p}"))),
                    ..Default::default()
                }
                .yaml()
            },
            "{f}:16:32: spec.networking.calico.ipv4AutoDetectionMethod: ",
        ),
        (
            "ipv6-autodetection",
            |p| {
                Hostile {
                    calico: ("ipv6AutoDetectionMethod", dq(p)),
                    ..Default::default()
                }
                .yaml()
            },
            "{f}:16:32: spec.networking.calico.ipv6AutoDetectionMethod: ",
        ),
        (
            "log-severity",
            |p| {
                Hostile {
                    calico: ("logSeverityScreen", dq(p)),
                    ..Default::default()
                }
                .yaml()
            },
            "{f}:16:26: spec.networking.calico.logSeverityScreen: ",
        ),
        (
            "nftables-mode",
            |p| {
                Hostile {
                    calico: ("nftablesMode", dq(p)),
                    ..Default::default()
                }
                .yaml()
            },
            "{f}:16:21: spec.networking.calico.nftablesMode: ",
        ),
        (
            "cpu-request",
            |p| {
                Hostile {
                    calico: ("cpuRequest", dq(p)),
                    ..Default::default()
                }
                .yaml()
            },
            "{f}:16:19: spec.networking.calico.cpuRequest: ",
        ),
        (
            "proxy-host",
            |p| {
                Hostile {
                    proxy_host: p,
                    ..Default::default()
                }
                .yaml()
            },
            "{f}:11:13: spec.egressProxy.httpProxy.host: ",
        ),
        (
            "proxy-excludes",
            |p| {
                Hostile {
                    excludes: p,
                    ..Default::default()
                }
                .yaml()
            },
            "{f}:13:15: spec.egressProxy.excludes: ",
        ),
    ];
    for (field, build, needle) in rejected {
        for (pname, payload) in PAYLOADS {
            let name = format!("{field}-{pname}");
            let yaml = build(payload);
            // "---" alone is a syntactically valid host name pattern for the
            // proxy checks (hyphens); see the report. Either verdict is fine
            // as long as nothing is smuggled into the output.
            let lenient =
                *payload == "---" && (*field == "proxy-host" || *field == "proxy-excludes");
            let expect = if lenient {
                Expect::RejectedOrIntact {
                    needles: vec![needle.to_string()],
                    baseline: baseline.clone(),
                    payload: payload.to_string(),
                }
            } else {
                fail(1, &[needle])
            };
            t.push(c, &name, &[], Input::File(yaml.into_bytes()), expect);
        }
    }
    // Accepted by design: an interface regex is the user's (it only has to
    // compile), so it reaches IP_AUTODETECTION_METHOD as written.
    for (pname, payload) in PAYLOADS {
        if regex_compiles(payload) {
            let yaml = Hostile {
                calico: (
                    "ipv4AutoDetectionMethod",
                    dq(&format!("interface={payload}")),
                ),
                ..Default::default()
            }
            .yaml();
            let base = Hostile {
                calico: ("ipv4AutoDetectionMethod", dq("interface=eth0")),
                ..Default::default()
            }
            .yaml();
            t.push(
                c,
                &format!("ipv4-interface-regex-{pname}"),
                &[],
                Input::File(yaml.into_bytes()),
                Expect::Intact {
                    baseline: base.into_bytes(),
                    payload: format!("interface={payload}"),
                },
            );
        } else {
            let yaml = Hostile {
                calico: (
                    "ipv4AutoDetectionMethod",
                    dq(&format!("interface={payload}")),
                ),
                ..Default::default()
            }
            .yaml();
            t.push(
                c,
                &format!("ipv4-interface-regex-{pname}"),
                &[],
                Input::File(yaml.into_bytes()),
                fail(
                    1,
                    &["{f}:16:32: spec.networking.calico.ipv4AutoDetectionMethod: "],
                ),
            );
        }
    }
    // Route reflectors: a selector's quoted literal may hold anything but its
    // own quote, and it reaches the BGPPeer as written. The cluster ID is an
    // IPv4 address: anything else is rejected.
    let bgp = |selector: &str, cluster_id: &str| {
        format!(
            "bgp:\n  routeReflectors:\n    nodeSelector: {}\n    clusterID: {}\nnetworking:\n  calico: {{}}\n",
            dq(selector),
            dq(cluster_id)
        )
    };
    for (pname, payload) in PAYLOADS {
        let selector = format!("route-reflector == '{payload}'");
        let expect = if payload.contains('\'') {
            fail(1, &["{f}:3:19: spec.bgp.routeReflectors.nodeSelector: "])
        } else {
            Expect::Intact {
                baseline: bgp("route-reflector == 'x'", "244.0.0.1").into_bytes(),
                payload: selector.clone(),
            }
        };
        t.push(
            c,
            &format!("route-reflector-selector-literal-{pname}"),
            &[],
            Input::File(bgp(&selector, "244.0.0.1").into_bytes()),
            expect,
        );
        t.bad(
            c,
            &format!("route-reflector-selector-{pname}"),
            &bgp(payload, "244.0.0.1"),
            &["{f}:3:19: spec.bgp.routeReflectors.nodeSelector: "],
        );
        t.bad(
            c,
            &format!("route-reflector-cluster-id-{pname}"),
            &bgp("route-reflector == 'true'", payload),
            &["{f}:4:16: spec.bgp.routeReflectors.clusterID: "],
        );
    }
    // Not validated (kOps does not either); they reach the proxy exclusion
    // lists (NO_PROXY). Rejection would be fine too; see the report.
    for (pname, payload) in PAYLOADS {
        for (field, yaml) in [
            (
                "cluster-dns-domain",
                Hostile {
                    dns_domain: payload,
                    ..Default::default()
                }
                .yaml(),
            ),
            (
                "master-public-name",
                Hostile {
                    master_public_name: payload,
                    ..Default::default()
                }
                .yaml(),
            ),
        ] {
            let needle = if field == "cluster-dns-domain" {
                "{f}:7:21: spec.clusterDNSDomain: "
            } else {
                "{f}:8:21: spec.masterPublicName: "
            };
            t.push(
                c,
                &format!("{field}-{pname}"),
                &[],
                Input::File(yaml.into_bytes()),
                Expect::RejectedOrIntact {
                    needles: vec![needle.into()],
                    baseline: baseline.clone(),
                    payload: payload.to_string(),
                },
            );
        }
    }
}

fn regex_compiles(p: &str) -> bool {
    // The payloads that are not valid RE2 syntax.
    !p.contains("{{")
}

/// Settings that contradict each other.
fn conflict_rows(t: &mut Table) {
    let c = "conflict";
    t.bad(
        c,
        "vxlan-with-ipip-mode",
        "networking:\n  calico:\n    encapsulationMode: vxlan\n    ipipMode: Always\n",
        &["{f}:4:15: spec.networking.calico.ipipMode: "],
    );
    t.bad(
        c,
        "ipip-with-vxlan-mode",
        "networking:\n  calico:\n    vxlanMode: Always\n",
        &["{f}:3:16: spec.networking.calico.vxlanMode: "],
    );
    t.bad(
        c,
        "bpf-with-kube-proxy",
        "kubeProxy:\n  enabled: true\nnetworking:\n  calico:\n    bpfEnabled: true\n",
        &["{f}:2:12: spec.kubeProxy.enabled: "],
    );
    t.bad(
        c,
        "ipv6-with-wireguard",
        "nonMasqueradeCIDR: fd00:10:96::/64\nnetworking:\n  calico:\n    wireguardEnabled: true\n",
        &["{f}:4:23: spec.networking.calico.wireguardEnabled: "],
    );
    t.bad(
        c,
        "ipv6-with-ipip",
        "nonMasqueradeCIDR: fd00:10:96::/64\nnetworking:\n  calico:\n    encapsulationMode: ipip\n",
        &["{f}:4:24: spec.networking.calico.encapsulationMode: "],
    );
    t.bad(
        c,
        "no-encapsulation-on-ipv4",
        "networking:\n  calico:\n    encapsulationMode: none\n",
        &["{f}:3:24: spec.networking.calico.encapsulationMode: "],
    );
    t.bad(c, "ipv6-with-src-dst-check", "cloudProvider: aws\nnonMasqueradeCIDR: fd00:10:96::/64\nnetworking:\n  calico:\n    awsSrcDstCheck: Enable\n", &["{f}:5:21: spec.networking.calico.awsSrcDstCheck: "]);
    t.push(
        c,
        "azure-with-ipip",
        &["--kops-version", "1.35"],
        Input::File(
            b"cloudProvider: azure\nnetworking:\n  calico:\n    encapsulationMode: ipip\n".to_vec(),
        ),
        fail(1, &["{f}:4:24: spec.networking.calico.encapsulationMode: "]),
    );
    t.bad(c, "route-reflectors-with-vxlan", "bgp:\n  routeReflectors:\n    nodeSelector: route-reflector == 'true'\n    clusterID: 244.0.0.1\nnetworking:\n  calico:\n    encapsulationMode: vxlan\n", &["spec.bgp.routeReflectors"]);
    t.bad(c, "shared-network-proxy-without-cidr", "cloudProvider: aws\nnetworkID: vpc-123\negressProxy:\n  httpProxy: {host: proxy.example.com, port: 3128}\nnetworking:\n  calico: {}\n", &["spec.networkCIDR: "]);
    t.bad(
        c,
        "pod-cidr-of-other-family",
        "podCIDR: fd00::/64\nnetworking:\n  calico: {}\n",
        &["{f}:1:10: spec.podCIDR: "],
    );
    t.push(
        c,
        "deprecated-field-strict",
        &["--strict"],
        Input::File(calico_field("crossSubnet", "true").into_bytes()),
        fail(
            1,
            &[
                "{f}: warning: spec.networking.calico.crossSubnet: ",
                "--strict",
            ],
        ),
    );
    // The same invalid spec through every command that reads a spec.
    let bad = b"networking:\n  calico:\n    ipipMode: Sometimes\n".to_vec();
    let needle = "{f}:3:15: spec.networking.calico.ipipMode: ";
    t.push(
        c,
        "command-validate",
        &["validate"],
        Input::File(bad.clone()),
        fail(1, &[needle]),
    );
    t.push(
        c,
        "command-explain",
        &["explain"],
        Input::File(bad.clone()),
        fail(1, &[needle]),
    );
    t.push(
        c,
        "command-render",
        &["render"],
        Input::File(bad.clone()),
        fail(1, &[needle]),
    );
    t.push(
        c,
        "command-json",
        &["--format", "json"],
        Input::File(bad.clone()),
        fail(1, &[needle]),
    );
    t.push(
        c,
        "command-output-dir",
        &["--output-dir", "out"],
        Input::File(bad),
        fail(1, &[needle]),
    );
}

/// Resource limits: size, depth, aliases, documents, nodes.
fn limit_rows(t: &mut Table) {
    let c = "limit";
    let long = "a".repeat(1 << 20);
    t.bad(
        c,
        "very-long-string",
        &calico_field("registry", &long),
        &["{f}:3:15: spec.networking.calico.registry: "],
    );
    t.bad(
        c,
        "very-long-plain-key",
        &format!("networking:\n  calico:\n    {}: 1\n", "k".repeat(100_000)),
        &["{f}:3:"],
    );
    t.bad(
        c,
        "long-explicit-key",
        &format!(
            "networking:\n  calico:\n    ? {}\n    : 1\n",
            "k".repeat(100_000)
        ),
        &["{f}:3:7: spec.networking.calico.kkkk", "unknown field"],
    );
    // Regression: an unknown key of megabytes made the did-you-mean search
    // take 20 s (release build) until calico-spec skipped keys over 128 bytes.
    let huge_key = "k".repeat(MAX_INPUT - 200);
    t.bad(
        c,
        "huge-explicit-key-in-calico",
        &format!("networking:\n  calico:\n    ? {huge_key}\n    : 1\n"),
        &["{f}:3:7: spec.networking.calico.kkkk", "unknown field"],
    );
    t.push(
        c,
        "huge-explicit-key-top-level",
        &["--strict"],
        Input::File(format!("? {huge_key}\n: 1\nnetworking:\n  calico: {{}}\n").into_bytes()),
        fail(1, &["{f}: warning: spec.kkkk", "--strict"]),
    );
    t.bad(
        c,
        "deep-nesting-flow-lists",
        &format!(
            "networking:\n  calico: {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
        &["{f}:2:"],
    );
    t.bad(
        c,
        "deep-nesting-flow-maps",
        &format!(
            "networking:\n  calico: {}1{}\n",
            "{a: ".repeat(10_000),
            "}".repeat(10_000)
        ),
        &["{f}:2:"],
    );
    t.bad(
        c,
        "deep-nesting-top-level",
        &format!("{}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
        &["{f}:1:"],
    );
    let mut block = String::from("networking:\n  calico: {}\nkubeControllerManager:\n");
    for depth in 1..=100 {
        block.push_str(&" ".repeat(depth * 2));
        block.push_str("a:\n");
    }
    t.bad(c, "deep-nesting-block", &block, &["{f}:"]);
    let mut laughs = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        laughs.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    laughs.push_str("networking:\n  calico: {}\n");
    t.bad(c, "billion-laughs", &laughs, &["{f}:", "alias"]);
    let many_aliases = format!(
        "networking: {{calico: {{}}}}\nkubeControllerManager:\n  a: &a 1\n  x: [{}]\n",
        vec!["*a"; 1001].join(",")
    );
    t.bad(c, "too-many-aliases", &many_aliases, &["{f}:4:"]);
    t.bad(
        c,
        "too-many-documents",
        &format!(
            "networking: {{calico: {{}}}}\n{}",
            "---\na: 1\n".repeat(1001)
        ),
        &["{f}:"],
    );
    t.bad(
        c,
        "too-many-nodes",
        &format!(
            "networking: {{calico: {{}}}}\nkubeControllerManager:\n  x: [{}]\n",
            vec!["1"; 100_001].join(",")
        ),
        &["{f}:3:"],
    );
    let mut big = b"networking:\n  calico: {}\n# ".to_vec();
    big.resize(MAX_INPUT + 1, b'x');
    big.push(b'\n');
    t.bad_bytes(
        c,
        "larger-than-input-limit",
        big.clone(),
        &["{f}: ", "exceeds the limit of 8388608 bytes"],
    );
    t.push(
        c,
        "larger-than-input-limit-on-stdin",
        &[],
        Input::Stdin(big),
        fail(1, &["-: ", "exceeds the limit of 8388608 bytes"]),
    );
    let mut at_limit = b"networking:\n  calico: {}\n# ".to_vec();
    at_limit.resize(MAX_INPUT - 1, b'x');
    at_limit.push(b'\n');
    // Exactly at the limit is accepted: so a rejection is about size only.
    t.push(
        c,
        "exactly-at-input-limit",
        &[],
        Input::File(at_limit),
        Expect::Intact {
            baseline: b"networking:\n  calico: {}\n".to_vec(),
            payload: String::new(),
        },
    );
}

/// The KRM function (`calico-render krm`, a ResourceList on stdin).
fn krm_rows(t: &mut Table) {
    let c = "krm";
    let list = |config: &str| {
        format!(
            "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- {{apiVersion: v1, kind: ConfigMap, metadata: {{name: keep}}, data: {{a: \"1\"}}}}\nfunctionConfig:\n{config}"
        )
        .into_bytes()
    };
    let own = |calico: &str| {
        list(&format!(
            "  apiVersion: calico-render.dev/v1alpha1\n  kind: CalicoNetworking\n  metadata: {{name: a.example.com}}\n  spec: {{networking: {{calico: {calico}}}}}\n"
        ))
    };
    let krm = |t: &mut Table, name: &str, input: Vec<u8>, needles: &[&str]| {
        t.push(c, name, &["krm"], Input::Pipe(input), fail(1, needles));
    };
    krm(
        t,
        "krm-not-yaml",
        b"a: [\n".to_vec(),
        &[
            "calico-render krm: stdin is not a readable ResourceList",
            "unclosed bracket",
        ],
    );
    krm(t, "krm-not-utf8", b"\xff\xfe".to_vec(), &["not UTF-8"]);
    krm(
        t,
        "krm-nul-byte",
        b"apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n\0".to_vec(),
        &["stdin is not a readable ResourceList"],
    );
    krm(
        t,
        "krm-top-level-list",
        b"- a\n".to_vec(),
        &["stdin is not a ResourceList: expected a mapping"],
    );
    krm(
        t,
        "krm-wrong-kind",
        b"apiVersion: v1\nkind: List\nitems: []\n".to_vec(),
        &["stdin is not a ResourceList", "kind \"List\""],
    );
    krm(
        t,
        "krm-wrong-api-version",
        b"apiVersion: config.kubernetes.io/v9\nkind: ResourceList\nitems: []\n".to_vec(),
        &["stdin is not a ResourceList"],
    );
    krm(
        t,
        "krm-items-not-a-list",
        b"apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: 5\n".to_vec(),
        &["items must be a list"],
    );
    krm(
        t,
        "krm-no-function-config",
        b"apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n".to_vec(),
        &["functionConfig is missing"],
    );
    let mut laughs = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        laughs.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    laughs.push_str("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n");
    krm(
        t,
        "krm-billion-laughs",
        laughs.into_bytes(),
        &["stdin is not a readable ResourceList", "alias"],
    );
    krm(
        t,
        "krm-deep-nesting",
        format!(
            "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        )
        .into_bytes(),
        &["stdin is not a readable ResourceList"],
    );
    let mut big =
        b"apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n# ".to_vec();
    big.resize(MAX_INPUT + 1, b'x');
    krm(
        t,
        "krm-larger-than-input-limit",
        big,
        &["exceeds the limit of 8388608 bytes"],
    );
    let results = |t: &mut Table, name: &str, input: Vec<u8>, path: &str, needle: &str| {
        t.push(
            c,
            name,
            &["krm"],
            Input::Pipe(input),
            Expect::KrmResults {
                path: path.into(),
                needle: needle.into(),
            },
        );
    };
    results(
        t,
        "krm-config-wrong-type",
        own("{mtu: 1.5}"),
        "spec.networking.calico.mtu",
        "functionConfig a.example.com: spec.networking.calico.mtu: expected an integer",
    );
    results(
        t,
        "krm-config-unknown-field",
        own("{ipipMod: Always}"),
        "spec.networking.calico.ipipMod",
        "did you mean `ipipMode`?",
    );
    results(
        t,
        "krm-config-invalid-value",
        own("{ipipMode: Sometimes}"),
        "spec.networking.calico.ipipMode",
        "spec.networking.calico.ipipMode",
    );
    results(
        t,
        "krm-config-hostile-registry",
        own("{registry: \"quay.io\\n---\\nkind: Secret\"}"),
        "spec.networking.calico.registry",
        "spec.networking.calico.registry",
    );
    results(t, "krm-config-other-cni", list("  apiVersion: calico-render.dev/v1alpha1\n  kind: CalicoNetworking\n  metadata: {name: a.example.com}\n  spec: {networking: {cilium: {}}}\n"), "spec.networking.cilium", "spec.networking.cilium");
    results(
        t,
        "krm-config-not-a-spec",
        list("  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: {a: b}\n"),
        "kind",
        "kind",
    );
}

/// Paths that cannot be read, and usage errors.
fn io_rows(t: &mut Table) {
    let c = "io-and-usage";
    t.push(
        c,
        "path-does-not-exist",
        &[],
        Input::Missing,
        fail(2, &["{f}: cannot read", "No such file"]),
    );
    t.push(
        c,
        "path-is-a-directory",
        &[],
        Input::Directory,
        fail(2, &["{f}: is a directory"]),
    );
    t.push(
        c,
        "path-is-unreadable",
        &[],
        Input::NoPermission(b"networking:\n  calico:\n    mtu: 1500.5\n".to_vec()),
        fail(2, &["{f}: cannot open", "Permission denied"]),
    );
    if cfg!(target_os = "linux") {
        // Reading /proc/self/mem from offset 0 fails with EIO, even for root.
        t.push(
            c,
            "path-read-fails",
            &[],
            Input::Path("/proc/self/mem"),
            fail(2, &["/proc/self/mem: cannot read"]),
        );
    }
    t.push(
        c,
        "validate-path-does-not-exist",
        &["validate"],
        Input::Missing,
        fail(2, &["{f}: cannot read"]),
    );
    t.push(
        c,
        "explain-path-is-a-directory",
        &["explain"],
        Input::Directory,
        fail(2, &["{f}: is a directory"]),
    );
    t.push(
        c,
        "no-file-argument",
        &[],
        Input::Nothing,
        fail(2, &["no input"]),
    );
    t.push(
        c,
        "unknown-flag",
        &["--no-such-flag"],
        Input::File(calico_field("mtu", "1500").into_bytes()),
        fail(2, &["--no-such-flag"]),
    );
    t.push(
        c,
        "unknown-format",
        &["--format", "xml"],
        Input::File(calico_field("mtu", "1500").into_bytes()),
        fail(2, &["xml"]),
    );
}

// ---------------------------------------------------------------------------
// Running a row
// ---------------------------------------------------------------------------

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
    elapsed: Duration,
    timed_out: bool,
}

fn run(args: &[OsString], cwd: &Path, stdin: Option<Vec<u8>>) -> Run {
    let start = Instant::now();
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn calico-render");
    let writer = stdin.map(|bytes| {
        let mut pipe = child.stdin.take().unwrap();
        // The binary stops reading at the limit: a broken pipe is expected then.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        })
    });
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > TIME_LIMIT {
            timed_out = true;
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    if let Some(w) = writer {
        let _ = w.join();
    }
    Run {
        code: status.and_then(|s| s.code()),
        stdout: out_reader.join().unwrap(),
        stderr: String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned(),
        elapsed: start.elapsed(),
        timed_out,
    }
}

fn fresh_dir(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "calico-bad-inputs-{}-{}-{name}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The input's name as passed to the binary, the file arguments and stdin.
fn stage(row: &Row, dir: &Path) -> (String, Vec<OsString>, Option<Vec<u8>>) {
    let file = format!("{}.yaml", row.name);
    match &row.input {
        Input::File(bytes) => {
            std::fs::write(dir.join(&file), bytes).unwrap();
            (file.clone(), vec![file.into()], None)
        }
        Input::Stdin(bytes) => ("-".into(), vec!["-".into()], Some(bytes.clone())),
        Input::Pipe(bytes) => ("-".into(), Vec::new(), Some(bytes.clone())),
        Input::Missing => (file.clone(), vec![file.into()], None),
        Input::Directory => {
            std::fs::create_dir(dir.join(&row.name)).unwrap();
            (row.name.clone(), vec![row.name.clone().into()], None)
        }
        Input::NoPermission(bytes) => {
            let path = dir.join(&file);
            std::fs::write(&path, bytes).unwrap();
            set_mode_000(&path);
            (file.clone(), vec![file.into()], None)
        }
        Input::Path(p) => (p.to_string(), vec![p.into()], None),
        Input::Nothing => (String::new(), Vec::new(), None),
    }
}

#[cfg(unix)]
fn set_mode_000(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).unwrap();
}

#[cfg(not(unix))]
fn set_mode_000(path: &Path) {
    let mut p = std::fs::metadata(path).unwrap().permissions();
    p.set_readonly(true);
    std::fs::set_permissions(path, p).unwrap();
}

/// Baseline renders by input.
type BaselineCache = BTreeMap<Vec<u8>, Result<Vec<Value>, String>>;

/// Renders `yaml` as a benign baseline (cached: the hostile rows share few).
fn baseline(yaml: &[u8]) -> Result<Vec<Value>, String> {
    static CACHE: Mutex<BaselineCache> = Mutex::new(BTreeMap::new());
    if let Some(hit) = CACHE.lock().unwrap().get(yaml) {
        return hit.clone();
    }
    let dir = fresh_dir("baseline");
    std::fs::write(dir.join("baseline.yaml"), yaml).unwrap();
    let r = run(&["baseline.yaml".into()], &dir, None);
    let _ = std::fs::remove_dir_all(&dir);
    let result = if r.code == Some(0) {
        parse_stream(&r.stdout)
    } else {
        Err(format!("the baseline does not render: {}", r.stderr))
    };
    CACHE.lock().unwrap().insert(yaml.to_vec(), result.clone());
    result
}

fn parse_stream(stdout: &[u8]) -> Result<Vec<Value>, String> {
    let text = std::str::from_utf8(stdout).map_err(|e| format!("stdout is not UTF-8: {e}"))?;
    let mut options = serde_saphyr::Options::default();
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    let docs: Vec<Value> = serde_saphyr::from_str_multiple_with_options(text, options)
        .map_err(|e| format!("stdout is not YAML: {e}"))?;
    Ok(docs.into_iter().filter(|d| !d.is_null()).collect())
}

/// `got` has `want`'s shape: the same keys in the same order, the same list
/// lengths, the same scalars, except strings, which may differ only where
/// `got`'s contains `payload`.
fn same_shape(want: &Value, got: &Value, payload: &str, path: &str) -> Result<(), String> {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            let wk: Vec<&String> = w.keys().collect();
            let gk: Vec<&String> = g.keys().collect();
            if wk != gk {
                return Err(format!("{path}: keys {gk:?}, expected {wk:?}"));
            }
            for (k, wv) in w {
                same_shape(wv, &g[k], payload, &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        (Value::Array(w), Value::Array(g)) => {
            if w.len() != g.len() {
                return Err(format!("{path}: {} items, expected {}", g.len(), w.len()));
            }
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                same_shape(wv, gv, payload, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (Value::String(w), Value::String(g)) => {
            if w == g || (!payload.is_empty() && g.contains(payload)) {
                Ok(())
            } else {
                Err(format!("{path}: {g:?}, expected {w:?}"))
            }
        }
        (w, g) if w == g => Ok(()),
        (w, g) => Err(format!("{path}: {g}, expected {w}")),
    }
}

fn contains_string(v: &Value, payload: &str) -> bool {
    match v {
        Value::String(s) => s.contains(payload),
        Value::Array(a) => a.iter().any(|x| contains_string(x, payload)),
        Value::Object(m) => m.values().any(|x| contains_string(x, payload)),
        _ => false,
    }
}

/// Checks an accepted input's output: YAML == JSON List, shape == baseline.
fn check_intact(
    row: &Row,
    dir: &Path,
    files: &[OsString],
    r: &Run,
    base: &[u8],
    payload: &str,
) -> Result<(), String> {
    if r.code != Some(0) {
        return Err(format!(
            "exit {:?}, expected 0; stderr: {}",
            r.code,
            cut(&r.stderr)
        ));
    }
    let docs = parse_stream(&r.stdout)?;
    let mut args: Vec<OsString> = vec!["--format".into(), "json".into()];
    args.extend(row.args.iter().map(OsString::from));
    args.extend(files.iter().cloned());
    let json_run = run(&args, dir, None);
    if json_run.code != Some(0) {
        return Err(format!("--format json: exit {:?}", json_run.code));
    }
    let list: Value =
        serde_json::from_slice(&json_run.stdout).map_err(|e| format!("--format json: {e}"))?;
    let items = list["items"].as_array().cloned().unwrap_or_default();
    if items != docs {
        return Err(format!(
            "the YAML stream ({} documents) differs from the JSON List ({} items)",
            docs.len(),
            items.len()
        ));
    }
    let want = baseline(base)?;
    same_shape(
        &Value::Array(want),
        &Value::Array(docs.clone()),
        payload,
        "<stream>",
    )?;
    if !payload.is_empty() && !docs.iter().any(|d| contains_string(d, payload)) {
        return Err(format!(
            "the accepted value {payload:?} is not in the output"
        ));
    }
    Ok(())
}

fn check_krm_results(r: &Run, path: &str, needle: &str) -> Result<(), String> {
    if r.code != Some(1) {
        return Err(format!(
            "exit {:?}, expected 1; stderr: {}",
            r.code,
            cut(&r.stderr)
        ));
    }
    if !r.stderr.contains(needle) {
        return Err(format!(
            "stderr lacks {needle:?}; stderr: {}",
            cut(&r.stderr)
        ));
    }
    let docs = parse_stream(&r.stdout)?;
    let [list] = docs.as_slice() else {
        return Err(format!(
            "{} documents on stdout, expected one ResourceList",
            docs.len()
        ));
    };
    if list["kind"] != "ResourceList" {
        return Err(format!("stdout is not a ResourceList: {}", list["kind"]));
    }
    let keep = serde_json::json!([{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "keep"}, "data": {"a": "1"}}]);
    if list["items"] != keep {
        return Err(format!("items changed: {}", list["items"]));
    }
    let results = list["results"].as_array().cloned().unwrap_or_default();
    if !results
        .iter()
        .any(|x| x["severity"] == "error" && x["field"]["path"] == path)
    {
        return Err(format!(
            "no error result for {path}: {}",
            Value::Array(results)
        ));
    }
    Ok(())
}

fn check_fail(code: i32, needles: &[String], name: &str, r: &Run) -> Result<(), String> {
    let mut problems = Vec::new();
    if r.code != Some(code) {
        problems.push(format!("exit {:?}, expected {code}", r.code));
    }
    if !r.stdout.is_empty() {
        problems.push(format!("stdout is not empty ({} bytes)", r.stdout.len()));
    }
    for n in needles {
        let n = n.replace("{f}", name);
        if !r.stderr.contains(&n) {
            problems.push(format!("stderr lacks {n:?}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}; stderr: {}",
            problems.join("; "),
            cut(&r.stderr)
        ))
    }
}

fn cut(s: &str) -> String {
    let short: String = s.chars().take(600).collect();
    if short.len() < s.len() {
        format!("{short:?}…")
    } else {
        format!("{short:?}")
    }
}

/// Runs one row; `Err` describes what did not behave.
fn run_row(row: &Row) -> Result<(), String> {
    let dir = fresh_dir(&row.name);
    let (name, files, stdin) = stage(row, &dir);
    let mut args: Vec<OsString> = row.args.iter().map(OsString::from).collect();
    args.extend(files.iter().cloned());
    let r = run(&args, &dir, stdin);

    let mut result = Ok(());
    if r.timed_out {
        result = Err(format!("no answer within {TIME_LIMIT:?} (a hang)"));
    } else if r.stderr.contains("panicked") || r.code == Some(101) {
        result = Err(format!("panic: {}", cut(&r.stderr)));
    } else if r.stderr.len() > 2 * MAX_INPUT + 64 * 1024 {
        result = Err(format!("stderr is {} bytes: unbounded", r.stderr.len()));
    }
    // Nothing half-written: an output directory must not exist after a failure.
    if result.is_ok()
        && row.args.iter().any(|a| a == "--output-dir")
        && r.code != Some(0)
        && dir.join("out").exists()
    {
        result = Err("--output-dir: a directory was created although rendering failed".into());
    }
    if result.is_ok() {
        result = match &row.expect {
            Expect::Fail { code, needles } => {
                if matches!(row.input, Input::NoPermission(_))
                    && std::fs::read(dir.join(format!("{}.yaml", row.name))).is_ok()
                {
                    // We run as root (CI containers do): mode 000 does not stop
                    // reading. Then the file must be read like any other: its
                    // content is invalid (mtu: 1500.5), so exit 1 at 3:10.
                    check_fail(
                        1,
                        &["{f}:3:10: spec.networking.calico.mtu: expected an integer".to_string()],
                        &name,
                        &r,
                    )
                } else {
                    check_fail(*code, needles, &name, &r)
                }
            }
            Expect::KrmResults { path, needle } => check_krm_results(&r, path, needle),
            Expect::Intact { baseline, payload } => {
                check_intact(row, &dir, &files, &r, baseline, payload)
            }
            Expect::RejectedOrIntact {
                needles,
                baseline,
                payload,
            } => {
                if r.code == Some(0) {
                    check_intact(row, &dir, &files, &r, baseline, payload)
                } else {
                    check_fail(1, needles, &name, &r)
                }
            }
        };
    }
    let _ = std::fs::remove_dir_all(&dir);
    if std::env::var_os("BAD_INPUTS_VERBOSE").is_some() {
        eprintln!(
            "row {} [{}]: exit {:?} in {:.1?}",
            row.name, row.category, r.code, r.elapsed
        );
    }
    result.map_err(|e| format!("{} [{}] ({:.1?}): {e}", row.name, row.category, r.elapsed))
}

#[test]
fn bad_inputs() {
    let rows = rows();
    assert!(
        rows.len() >= 50,
        "the table must have at least 50 rows, has {}",
        rows.len()
    );
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(8);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(row) = rows.get(i) else { break };
                if let Err(e) = run_row(row) {
                    failures.lock().unwrap().push(e);
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    let mut per_category: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &rows {
        *per_category.entry(r.category).or_default() += 1;
    }
    eprintln!("{} rows: {per_category:?}", rows.len());
    assert!(
        failures.is_empty(),
        "{} of {} rows did not behave:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}
