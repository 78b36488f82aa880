#!/usr/bin/env bash
# check.sh — calico-render --kops-version X.Y against kOps's own integration goldens.
#
# usage: tools/kops-goldens/check.sh [BIN]
#
# For each kOps release line (its newest patch tag, and master as 1.37) and each
# of kOps's two Calico integration clusters (privatecalico, minimal-ipv6-calico):
#   1. reads the test's input in-v1alpha2.yaml and its golden rendered Calico
#      addon (data/*networking.projectcalico.org-k8s-1.25_content) at that tag;
#   2. renders the input with BIN (default target/debug/calico-render)
#      --kops-version X.Y;
#   3. compares the two with the kops-oracle's compare.py, CRDs aside, env order
#      included; then the CRDs with tools/crd-compare/compare.py (descriptions
#      and kOps's post-render labels aside).
# Prints `X.Y CASE: N differences, CRDs: M differences` and exits 0 iff every
# case has none.
# Dev tooling only: needs python3 + PyYAML and a kOps mirror; CI does not use it.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
BIN="${1:-$repo/target/debug/calico-render}"
ORACLE_DIR="${ORACLE_DIR:-/work/shared/tools/kops-oracle}"
OUT="${OUT:-/tmp/kops-goldens}"
if [ -z "${KOPS_MIRROR:-}" ] && [ -f "$repo/tools/oracle/ENV" ]; then
  # shellcheck disable=SC1091
  . "$repo/tools/oracle/ENV"
fi
mkdir -p "$OUT"

# kOps line -> the tag whose goldens stand for it.
releases="1.28:v1.28.7 1.29:v1.29.2 1.30:v1.30.4 1.31:v1.31.0 1.32:v1.32.4 1.33:v1.33.2 1.34:v1.34.3 1.35:v1.35.2 1.36:v1.36.2 1.37:HEAD"
status=0
for pair in $releases; do
  line="${pair%%:*}"
  ref="${pair#*:}"
  for case in privatecalico minimal-ipv6-calico; do
    dir="tests/integration/update_cluster/$case"
    golden="$(git -C "$KOPS_MIRROR" ls-tree --name-only "$ref" "$dir/data/" | grep 'networking.projectcalico.org-k8s-1.25_content$')"
    base="$OUT/$line-$case"
    git -C "$KOPS_MIRROR" show "$ref:$dir/in-v1alpha2.yaml" >"$base.in.yaml"
    git -C "$KOPS_MIRROR" show "$ref:$golden" >"$base.golden.yaml"
    if ! "$BIN" --kops-version "$line" "$base.in.yaml" >"$base.ours.yaml" 2>"$base.err"; then
      echo "$line $case: calico-render failed: $(head -3 "$base.err")"
      status=1
      continue
    fi
    python3 "$ORACLE_DIR/compare.py" --env-order --ignore-kinds CustomResourceDefinition \
      "$base.golden.yaml" "$base.ours.yaml" >"$base.diff"
    n="$(grep -v '^differences:' "$base.diff" | grep -c .)"
    python3 "$repo/tools/crd-compare/compare.py" --expected "$base.golden.yaml" --actual "$base.ours.yaml" \
      --max 5 >"$base.crd-diff"
    m="$(sed -n 's/^total differences: //p' "$base.crd-diff")"
    echo "$line $case: $n differences, CRDs: ${m:-?} differences"
    [ "$n" = 0 ] && [ "$m" = 0 ] || status=1
  done
done
exit $status
