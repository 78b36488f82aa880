#!/usr/bin/env python3
"""Each Calico release calico-render knows against upstream's own manifests.

For every release R that `calico-render versions -o json` lists, renders a bare
spec with `version: R` (and, for the Typha flavor, `typhaReplicas: 1`) and
compares it, CRDs aside, with upstream's `manifests/calico.yaml` (and
`manifests/calico-typha.yaml`) at tag R, using the kops-oracle's compare.py.
The differences must be exactly kOps's overlay, listed in OVERLAY below: the
same for every release, except that the image lines appear only where upstream
pulls from quay.io (3.31 on) while kOps keeps docker.io. Anything else is a
shape difference and is printed. (The CRDs are compared by
tools/crd-compare/compare.py.)

With --profile upstream it checks the upstream profile instead: for each
release and each of upstream's five flavors (calico.yaml, calico-typha.yaml,
calico-vxlan.yaml, calico-bpf.yaml, calico-policy-only.yaml) it renders the
spec that asks for the flavor (FLAVORS below) and requires no difference at
all, CRDs included (descriptions aside, through tools/crd-compare), except
the eBPF flavor's two placeholders, which the spec fills.

With --profile operator it checks the operator profile, for every release
from v3.30.0: the install objects of a bare spec against upstream's
`manifests/tigera-operator.yaml`, and its APIServer, Goldmane and Whisker
against `manifests/custom-resources.yaml`, with no difference allowed. The
Installation is compared too, for the spec that describes upstream's pool
(192.168.0.0/16, VXLAN cross-subnet): its only differences must be the
ones kOps's meaning of that spec adds (INSTALLATION_ADDS below).

usage: tools/release-check/check.py [--bin target/debug/calico-render]
           [--mirror /work/.mirror/projectcalico+calico/repo] [--release vX.Y.Z ...]
           [--profile kops|upstream|operator]
Exit status 0 iff every release shows exactly the overlay (kops) or nothing
(upstream, operator). Dev tooling only: needs python3 + PyYAML and a projectcalico/calico
mirror; CI does not use it.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ORACLE = os.environ.get("ORACLE_DIR", "/work/shared/tools/kops-oracle")
NODE = "apps/v1 DaemonSet kube-system/calico-node .spec.template.spec.containers[0]"
CONFIG = "v1 ConfigMap kube-system/calico-config .data.cni_network_config<json>.plugins[0]"
KC = "apps/v1 Deployment kube-system/calico-kube-controllers .spec.template.spec"
TYPHA = "apps/v1 Deployment kube-system/calico-typha .spec.template.spec.containers[0]"

# kOps's overlay on a bare spec: (path, what compare.py says, up to the value).
OVERLAY = [
    f"{CONFIG}.ipam.assign_ipv4: unexpected in actual",
    f"{CONFIG}.ipam.assign_ipv6: unexpected in actual",
    f"{NODE}.env[name=CLUSTER_TYPE].value: expected \"k8s,bgp\", actual \"kops,bgp\"",
    f"{NODE}.env[name=CALICO_IPV4POOL_IPIP].value: expected \"Always\", actual \"CrossSubnet\"",
] + [
    f"{NODE}.env[name={var}]: unexpected in actual"
    for var in [
        "IP6", "IP_AUTODETECTION_METHOD", "IP6_AUTODETECTION_METHOD", "CALICO_IPV4POOL_CIDR",
        "FELIX_AWSSRCDSTCHECK", "FELIX_BPFENABLED", "FELIX_BPFEXTERNALSERVICEMODE",
        "FELIX_BPFKUBEPROXYIPTABLESCLEANUPENABLED", "FELIX_BPFLOGLEVEL", "FELIX_CHAININSERTMODE",
        "FELIX_IPTABLESBACKEND", "FELIX_LOGSEVERITYSCREEN", "FELIX_PROMETHEUSMETRICSENABLED",
        "FELIX_PROMETHEUSMETRICSPORT", "FELIX_PROMETHEUSGOMETRICSENABLED",
        "FELIX_PROMETHEUSPROCESSMETRICSENABLED", "FELIX_WIREGUARDENABLED",
    ]
] + [
    f"{KC}.affinity: unexpected in actual",
    f"{KC}.nodeSelector: missing in actual",
]
TYPHA_OVERLAY = [
    f"{TYPHA}.env[name=TYPHA_PROMETHEUSMETRICSENABLED]: unexpected in actual",
    f"{TYPHA}.env[name=TYPHA_PROMETHEUSMETRICSPORT]: unexpected in actual",
]
# The upstream profile: each flavor and the spec lines that ask for it.
ENDPOINT_HOST, ENDPOINT_PORT = "10.0.0.10", 6443
FLAVORS = [
    ("calico.yaml", ""),
    ("calico-typha.yaml", "    typhaReplicas: 1\n"),
    ("calico-vxlan.yaml", "    encapsulationMode: vxlan\n"),
    ("calico-bpf.yaml", "    bpfEnabled: true\n"
     f"kubeProxy: {{enabled: false}}\nkubernetesServiceEndpoint: {{host: {ENDPOINT_HOST}, port: {ENDPOINT_PORT}}}\n"),
    ("calico-policy-only.yaml", "policyOnly: true\n"),
]
CONFIG_DATA = "v1 ConfigMap kube-system/calico-config .data"
BPF_PLACEHOLDERS = [
    f'{CONFIG_DATA}.kubernetes_service_host: expected "", actual "{ENDPOINT_HOST}"',
    f'{CONFIG_DATA}.kubernetes_service_port: expected "", actual "{ENDPOINT_PORT}"',
]
IMAGE = re.compile(r'\.image: expected "quay\.io/calico/[a-z-]+:v[0-9.]+", actual "docker\.io/calico/')


def crd_differences(upstream: str, ours: str, release: str) -> int:
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    done = subprocess.run(
        [sys.executable, os.path.join(here, "crd-compare", "compare.py"), "--tag", release,
         "--expected", upstream, "--actual", ours],
        capture_output=True, text=True,
    )
    if done.returncode != 0:
        print("  " + "\n  ".join(done.stdout.splitlines()[:20]))
    return done.returncode


def fetch_and_render(args, tmp, release, manifest, spec_text):
    """Upstream's manifests/<manifest> at tag `release`, and calico-render's
    output for `spec_text`, as two files in `tmp`."""
    up = os.path.join(tmp, f"{release}-{manifest}")
    with open(up, "w") as f:
        f.write(subprocess.run(["git", "-C", args.mirror, "show", f"{release}:manifests/{manifest}"],
                               check=True, capture_output=True, text=True).stdout)
    spec = os.path.join(tmp, f"{release}-{manifest}.spec.yaml")
    with open(spec, "w") as f:
        f.write(spec_text)
    ours = os.path.join(tmp, f"{release}-{manifest}.ours.yaml")
    with open(ours, "w") as f:
        subprocess.run([args.bin, spec], check=True, stdout=f)
    return up, ours


def print_lines(extra, missing):
    for line in extra:
        print(f"  + {line[:220]}")
    for line in missing:
        print(f"  - {line[:220]}")


def upstream_profile(args, releases, tmp) -> int:
    status = 0
    for release in releases:
        for flavor, extra_spec in FLAVORS:
            up, ours = fetch_and_render(
                args, tmp, release, flavor,
                f"profile: upstream\nnetworking:\n  calico:\n    version: {release}\n{extra_spec}")
            expected = BPF_PLACEHOLDERS if flavor == "calico-bpf.yaml" else []
            lines = differences(up, ours)
            extra = [l for l in lines if l not in expected]
            missing = [l for l in expected if l not in lines]
            crds = crd_differences(up, ours, release)
            ok = not extra and not missing and crds == 0
            print(f"{release} {flavor}: {'equal' if ok else f'{len(extra)} differences, {len(missing)} expected missing, CRDs {crds}'}")
            print_lines(extra, missing)
            if not ok:
                status = 1
    return status


CUSTOM_RESOURCES = ["Installation", "APIServer", "Goldmane", "Whisker", "FelixConfiguration"]
# What the operator profile's Installation says beyond upstream's for the
# spec of upstream's pool: kOps's autodetection, and BGP off with VXLAN.
INSTALLATION = "operator.tigera.io/v1 Installation default .spec.calicoNetwork"
INSTALLATION_ADDS = [
    f"{INSTALLATION}.bgp: unexpected in actual",
    f"{INSTALLATION}.nodeAddressAutodetectionV4: unexpected in actual",
]
OPERATOR_SPEC = "profile: operator\npodCIDR: 192.168.0.0/16\nnetworking:\n  calico:\n    version: {release}\n    encapsulationMode: vxlan\n"


def operator_profile(args, releases, tmp) -> int:
    status = 0
    for release in releases:
        if tuple(int(n) for n in release[1:].split(".")[:2]) < (3, 30):
            continue
        spec = OPERATOR_SPEC.format(release=release)
        up, ours = fetch_and_render(args, tmp, release, "tigera-operator.yaml", spec)
        install = differences(up, ours, ignore=CUSTOM_RESOURCES)
        up_cr, _ = fetch_and_render(args, tmp, release, "custom-resources.yaml", spec)
        # Our output also holds the install: only the custom resources count.
        resources = [l for l in differences(up_cr, ours, ignore=["FelixConfiguration"])
                     if not l.endswith("object unexpected in actual")]
        adds = lambda l: any(l.startswith(a) for a in INSTALLATION_ADDS)
        extra = [l for l in install + resources if not adds(l)]
        missing = [a for a in INSTALLATION_ADDS if not any(l.startswith(a) for l in resources)]
        ok = not extra and not missing
        print(f"{release} tigera-operator.yaml + custom-resources.yaml: {'equal' if ok else f'{len(extra)} differences, {len(missing)} expected missing'}")
        print_lines(extra, missing)
        if not ok:
            status = 1
    return status


def differences(upstream: str, ours: str, ignore=("CustomResourceDefinition",)) -> list:
    out = subprocess.run(
        [sys.executable, f"{ORACLE}/compare.py", "--ignore-kinds", ",".join(ignore), upstream, ours],
        capture_output=True, text=True,
    ).stdout
    return [l for l in out.splitlines() if l and not l.startswith("differences:")]


def unexplained(lines: list, overlay: list, quay: bool) -> tuple:
    """The lines the overlay does not explain, and the overlay lines not seen."""
    seen = set()
    extra = []
    for line in lines:
        hit = next((o for o in overlay if line.startswith(o)), None)
        if hit is not None:
            seen.add(hit)
        elif not (quay and IMAGE.search(line)):
            extra.append(line)
    return extra, [o for o in overlay if o not in seen]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--bin", default=os.path.join(root, "target/debug/calico-render"))
    ap.add_argument("--mirror", default="/work/.mirror/projectcalico+calico/repo")
    ap.add_argument("--release", action="append", help="only these releases")
    ap.add_argument("--profile", choices=["kops", "upstream", "operator"], default="kops")
    args = ap.parse_args()
    versions = json.loads(subprocess.run([args.bin, "versions", "-o", "json"], check=True, capture_output=True, text=True).stdout)
    releases = args.release or [r["release"] for r in versions["calicoReleases"]]
    status = 0
    with tempfile.TemporaryDirectory() as tmp:
        if args.profile == "upstream":
            return upstream_profile(args, releases, tmp)
        if args.profile == "operator":
            return operator_profile(args, releases, tmp)
        for release in releases:
            minor = int(release.split(".")[1])
            for flavor, manifest, extra_spec, overlay in [
                ("calico.yaml", "calico.yaml", "", OVERLAY),
                ("calico-typha.yaml", "calico-typha.yaml", "    typhaReplicas: 1\n", OVERLAY + TYPHA_OVERLAY),
            ]:
                up, ours = fetch_and_render(
                    args, tmp, release, manifest, f"networking:\n  calico:\n    version: {release}\n{extra_spec}")
                extra, missing = unexplained(differences(up, ours), overlay, quay=minor >= 31)
                verdict = "overlay only" if not extra and not missing else f"{len(extra)} unexplained, {len(missing)} overlay lines missing"
                print(f"{release} {flavor}: {verdict}")
                print_lines(extra, missing)
                if extra or missing:
                    status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
