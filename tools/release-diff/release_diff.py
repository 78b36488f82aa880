#!/usr/bin/env python3
"""What calico-render lacks to render a Calico tag in its own shape.

Given a projectcalico/calico mirror and a tag, renders a bare spec with
`version: TAG` (which calico-render renders in the shape of the nearest release
it knows, when it does not know TAG) and reports everything that differs from
upstream's own manifests at TAG, besides kOps's overlay:

  1. the manifest (manifests/calico.yaml and manifests/calico-typha.yaml):
     objects, env, RBAC rules, volumes and mounts, the CNI configuration, each
     as a path with the upstream and the rendered value (the kops-oracle's
     compare.py, CRDs aside, kOps's overlay removed as tools/release-check does);
  2. the CRDs: the CRD list and order, and every CRD property (path, type,
     format, enum, pattern, bounds, default, required, x-kubernetes-*), between
     upstream's CRDs at TAG and calico-api's generation for the release
     rendered (tools/crd-compare/compare.py, descriptions aside).

Adding a release is then: a row in calico-release/src/table.rs (an existing
Shape and CRD set when this tool reports nothing), else the manifest facts the
first section lists (a Shape field, or a new Shape) and the schema markers the
second lists (x-calico-since/until/before on the calico-api fields), then the
tests (see README, "Adding a Calico release").

usage: tools/release-diff/release_diff.py TAG [--mirror GIT_DIR] [--bin CALICO_RENDER]
Exit status: 0 when nothing differs (TAG renders exactly), 1 otherwise.
Dev tooling only: needs python3 + PyYAML, cargo, and a projectcalico/calico
mirror; CI does not use it.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools", "release-check"))
import check as release_check  # noqa: E402  (tools/release-check/check.py)


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw).stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tag")
    ap.add_argument("--mirror", default="/work/.mirror/projectcalico+calico/repo")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/debug/calico-render"))
    args = ap.parse_args()
    tag = args.tag
    if subprocess.run(["git", "-C", args.mirror, "rev-parse", "-q", "--verify", f"refs/tags/{tag}"],
                      capture_output=True).returncode != 0:
        sys.exit(f"release_diff.py: no tag {tag} in {args.mirror}")
    versions = json.loads(run([args.bin, "versions", "-o", "json"]))
    known = [r["release"] for r in versions["calicoReleases"]]
    minor = int(tag.split(".")[1])
    found = 0
    with tempfile.TemporaryDirectory() as tmp:
        spec = os.path.join(tmp, "spec.yaml")
        with open(spec, "w") as f:
            f.write(f"networking:\n  calico:\n    version: {tag}\n")
        explained = json.loads(run([args.bin, "explain", "-o", "json", spec]))
        rendered = next(r["value"] for r in explained if r["path"] == "(rendered) Calico release")
        print(f"# {tag}: calico-render {'knows it' if tag in known else 'does not know it'}; it renders the shape and CRDs of {rendered}")

        print("\n## 1. manifest (kOps's overlay aside)")
        for flavor, extra in [("calico.yaml", ""), ("calico-typha.yaml", "    typhaReplicas: 1\n")]:
            up = os.path.join(tmp, flavor)
            with open(up, "w") as f:
                f.write(run(["git", "-C", args.mirror, "show", f"{tag}:manifests/{flavor}"]))
            with open(spec, "w") as f:
                f.write(f"networking:\n  calico:\n    version: {tag}\n{extra}")
            ours = os.path.join(tmp, flavor + ".ours")
            with open(ours, "w") as f:
                subprocess.run([args.bin, spec], check=True, stdout=f, stderr=subprocess.DEVNULL)
            overlay = release_check.OVERLAY + (release_check.TYPHA_OVERLAY if extra else [])
            lines, missing = release_check.unexplained(
                release_check.differences(up, ours), overlay, quay=minor >= 31
            )
            print(f"### {flavor}: {len(lines)} differences" + (f", {len(missing)} overlay lines missing" if missing else ""))
            for line in lines:
                print(f"  {line}")
            for line in missing:
                print(f"  overlay line missing: {line}")
            found += len(lines) + len(missing)

        print(f"\n## 2. CRDs (upstream {tag} against calico-api's generation for {rendered}, descriptions aside)")
        out = subprocess.run(
            [sys.executable, os.path.join(ROOT, "tools", "crd-compare", "compare.py"),
             "--mirror", args.mirror, "--tag", tag, "--minor", rendered, "--max", "1000"],
            capture_output=True, text=True,
        ).stdout
        for line in out.splitlines():
            if line.lstrip().startswith("0 differences"):
                continue
            print(line)
            if line.startswith("total differences:"):
                found += int(line.split(":")[1])
    print(f"\n{found} differences in all")
    return 0 if found == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
