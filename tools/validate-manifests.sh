#!/usr/bin/env bash
# Renders every fixture and checks each object with kubernetes-validate
# --strict against Kubernetes 1.30 and the newest version the tool knows.
# Usage: tools/validate-manifests.sh [FIXTURE...]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release -p calico-cli
bin=target/release/calico-render
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fixtures=("$@")
[ ${#fixtures[@]} -gt 0 ] || fixtures=(fixtures/*.yaml)
newest=$(kubernetes-validate --version | tr -d '[:space:]')
failed=0
for f in "${fixtures[@]}"; do
  name=$(basename "$f" .yaml)
  mkdir -p "$out/$name"
  "$bin" --output-dir "$out/$name" "$f" 2>/dev/null
  for k in 1.30.0 "$newest"; do
    if ! kubernetes-validate --strict --quiet -k "$k" "$out/$name"/*.yaml >"$out/$name.$k.log" 2>&1; then
      echo "FAIL $f (Kubernetes $k):"; sed 's/^/    /' "$out/$name.$k.log" | head -20
      failed=$((failed + 1))
    fi
  done
done
total=$(( ${#fixtures[@]} * 2 ))
echo "kubernetes-validate: $((total - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
