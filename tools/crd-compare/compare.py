#!/usr/bin/env python3
"""Compare calico-api's generated CRDs with the ones Calico ships.

Upstream CRDs are read at run time from a fetched git mirror (nothing of them
is stored in this repository). Descriptions are set aside; everything else in
each CRD object must be equal.

Usage:
  tools/crd-compare/compare.py [--mirror GIT_DIR] [--tag v3.31.6] [--minor v3.31.6]
                               [--kops GIT_DIR] [--only PLURAL] [--max N]

--mirror  bare git dir of projectcalico/calico (default: /work/.mirror/projectcalico+calico/repo);
          upstream is `<tag>:manifests/calico-typha.yaml`.
--minor   the release calico-api generates (default: the --tag release).
--kops    instead read the CRDs from a kubernetes/kops bare git dir (HEAD's
          networking.projectcalico.org/k8s-1.25.yaml.template).
--expected FILE  instead read the expected CRDs from a manifest file (a kOps
          golden, say); kOps's post-render labels are set aside, and so is
          `metadata.creationTimestamp: null` on both sides (kOps's post-render
          serialization adds it to every object before 1.34 and drops it
          after; null is absence to the API server).
--actual FILE    instead of calico-api's, compare the CRDs of a rendered
          manifest (calico-render's output).
Exit status: 0 when every CRD is equal, 1 otherwise.
"""
import argparse
import json
import os
import re
import subprocess
import sys

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("PyYAML is needed: pip install pyyaml")

KOPS_TEMPLATE = "upup/models/cloudup/resources/addons/networking.projectcalico.org/k8s-1.25.yaml.template"

# Keys whose value is a map of property name -> schema.
SCHEMA_MAPS = {"properties", "patternProperties", "definitions", "dependencies"}
# Keys whose value is a schema (or a list of schemas).
SCHEMA_KEYS = {"items", "additionalProperties", "not"}
SCHEMA_LISTS = {"anyOf", "allOf", "oneOf"}


def git_show(git_dir, spec):
    return subprocess.run(
        ["git", "--git-dir", git_dir, "show", spec],
        check=True, capture_output=True, text=True,
    ).stdout


def crds_of_file(path):
    with open(path) as f:
        docs = [d for d in yaml.safe_load_all(f) if d and d.get("kind") == "CustomResourceDefinition"]
    for d in docs:
        labels = d.get("metadata", {}).get("labels", {})
        for key in ("addon.kops.k8s.io/name", "app.kubernetes.io/managed-by", "addon.kops.k8s.io/version", "role.kubernetes.io/networking"):
            labels.pop(key, None)
        if "labels" in d.get("metadata", {}) and not labels:
            del d["metadata"]["labels"]
        if d.get("metadata", {}).get("creationTimestamp", 0) is None:
            del d["metadata"]["creationTimestamp"]
    return docs


def upstream_crds(args):
    if args.expected:
        return crds_of_file(args.expected)
    if args.kops:
        text = git_show(args.kops, "HEAD:" + KOPS_TEMPLATE)
        docs = []
        for part in re.split(r"^---\s*$", text, flags=re.M):
            if re.search(r"^kind: CustomResourceDefinition", part, re.M):
                docs.append(yaml.safe_load(part))
        return docs
    text = git_show(args.mirror, f"{args.tag}:manifests/calico-typha.yaml")
    return [d for d in yaml.safe_load_all(text) if d and d.get("kind") == "CustomResourceDefinition"]


def ours(args):
    if args.actual:
        return crds_of_file(args.actual)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = subprocess.run(
        ["cargo", "run", "-q", "-p", "calico-api", "--example", "dump_crds", "--", args.minor or args.tag],
        check=True, capture_output=True, text=True, cwd=root,
    ).stdout
    return json.loads(out)


def strip_schema(s):
    """Drop `description` wherever it is a schema keyword."""
    if not isinstance(s, dict):
        return s
    out = {}
    for k, v in s.items():
        if k == "description":
            continue
        if k in SCHEMA_MAPS and isinstance(v, dict):
            out[k] = {name: strip_schema(sub) for name, sub in v.items()}
        elif k in SCHEMA_KEYS and isinstance(v, dict):
            out[k] = strip_schema(v)
        elif k in SCHEMA_LISTS and isinstance(v, list):
            out[k] = [strip_schema(x) for x in v]
        else:
            out[k] = v
    return out


def strip_crd(crd):
    crd = json.loads(json.dumps(crd))
    for v in crd.get("spec", {}).get("versions", []):
        schema = v.get("schema", {})
        if "openAPIV3Schema" in schema:
            schema["openAPIV3Schema"] = strip_schema(schema["openAPIV3Schema"])
        for col in v.get("additionalPrinterColumns", []) or []:
            col.pop("description", None)
    return crd


def diff(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            p = f"{path}.{k}" if path else k
            if k not in a:
                out.append(f"  missing  {p} = {json.dumps(b[k])[:160]}")
            elif k not in b:
                out.append(f"  extra    {p} = {json.dumps(a[k])[:160]}")
            else:
                diff(a[k], b[k], p, out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append(f"  differs  {path}: ours={json.dumps(a)[:160]} upstream={json.dumps(b)[:160]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mirror", default="/work/.mirror/projectcalico+calico/repo")
    ap.add_argument("--tag", default="v3.31.6")
    ap.add_argument("--kops")
    ap.add_argument("--expected")
    ap.add_argument("--actual")
    ap.add_argument("--minor", help="release calico-api generates (default: --tag)")
    ap.add_argument("--only")
    ap.add_argument("--max", type=int, default=40, help="differences shown per CRD")
    args = ap.parse_args()

    up = upstream_crds(args)
    mine = ours(args)
    up_names = [d["metadata"]["name"] for d in up]
    my_names = [d["metadata"]["name"] for d in mine]
    total = 0
    if up_names != my_names:
        print("CRD list/order differs:")
        print("  ours:    ", my_names)
        print("  upstream:", up_names)
        total += 1
    by_name = {d["metadata"]["name"]: d for d in mine}
    for u in up:
        name = u["metadata"]["name"]
        if args.only and not name.startswith(args.only):
            continue
        m = by_name.get(name)
        out = []
        if m is None:
            out.append("  missing CRD")
        else:
            diff(strip_crd(m), strip_crd(u), "", out)
        total += len(out)
        print(f"{len(out):4d} differences  {name}")
        for line in out[: args.max]:
            print(line)
        if len(out) > args.max:
            print(f"  ... {len(out) - args.max} more")
    print(f"total differences: {total}")
    return 0 if total == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
