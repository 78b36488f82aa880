#!/usr/bin/env bash
# Renders every fixture (one file per object) and checks every object with
# kubernetes-validate --strict, against Kubernetes 1.30 and the newest
# version the tool knows. One kubernetes-validate run per version.
# Usage: tools/validate-manifests.sh [FIXTURE...]
set -euo pipefail
cd "$(dirname "$0")/.."
# The debug build: `cargo test` (and so .ci/run) has just built it, and a
# release build here would cost CI a second optimised build of everything.
cargo build --quiet -p calico-cli
bin=target/debug/calico-render
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fixtures=("$@")
[ ${#fixtures[@]} -gt 0 ] || fixtures=(fixtures/*.yaml)
for f in "${fixtures[@]}"; do
  "$bin" --output-dir "$out/$(basename "$f" .yaml)" "$f" 2>/dev/null
done
# Many objects (the CRDs, RBAC) are the same in every fixture: check each
# distinct object once.
files=$(find "$out" -name '*.yaml' -print0 | xargs -0 sha256sum | sort -k1,1 -u | awk '{print $2}' | sort)
count=$(find "$out" -name '*.yaml' | wc -l)
distinct=$(echo "$files" | wc -l)
newest=$(kubernetes-validate --version | tr -d '[:space:]')
failed=0
for k in 1.30.0 "$newest"; do
  # shellcheck disable=SC2086
  if ! kubernetes-validate --strict --quiet -k "$k" $files >"$out/log.$k" 2>&1; then
    echo "FAIL (Kubernetes $k):"; sed 's/^/    /' "$out/log.$k" | head -40
    failed=$((failed + 1))
  fi
done
echo "kubernetes-validate: ${#fixtures[@]} fixtures, $count objects ($distinct distinct), Kubernetes 1.30.0 and $newest"
echo "$((2 - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
