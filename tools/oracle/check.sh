#!/usr/bin/env bash
# check.sh — compare calico-render with kOps's own Calico template, fixture by fixture.
#
# usage: tools/oracle/check.sh [--refresh] [--kops-only] [FIXTURE...]
#
#   FIXTURE      fixtures/NAME.yaml, NAME.yaml or NAME (default: every fixtures/*.yaml)
#   --refresh    re-render kOps's output even when the cached one is up to date
#   --kops-only  only (re-)render and cache kOps's output; do not run calico-render
#
# For each fixture:
#   1. wrap.py turns forms 2/3 into a kOps Cluster (bare spec -> calico.example.com,
#      CalicoNetworking -> metadata.name); form 1 is used as is   -> $OUT/NAME.cluster.yaml
#   2. the oracle's render.sh renders kOps's template (cached)    -> $OUT/NAME.kops.yaml
#   3. `cargo run -q --release -p calico-cli -- fixtures/NAME.yaml` -> $OUT/NAME.ours.yaml
#      (skipped, with a note, if calico-cli does not build, fails or prints nothing)
#   4. compare.py $COMPARE_FLAGS NAME.kops.yaml NAME.ours.yaml     -> $OUT/NAME.diff
# and prints `NAME: N differences`, then a total.
#
# Environment:
#   KOPS_MIRROR    kOps git directory (default: read from tools/oracle/ENV)
#   ORACLE_DIR     the kops-oracle tool (default /work/shared/tools/kops-oracle)
#   OUT            output directory (default /tmp/oracle-out)
#   COMPARE_FLAGS  extra compare.py flags (default --env-order: env order matters)
#
# Exit status: 0 iff every fixture rendered with kOps and (unless --kops-only)
# calico-render's output showed 0 differences for every fixture.
# Dev tooling only: needs go, python3 + PyYAML and a kOps mirror; CI does not use it.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
ORACLE_DIR="${ORACLE_DIR:-/work/shared/tools/kops-oracle}"
OUT="${OUT:-/tmp/oracle-out}"
COMPARE_FLAGS="${COMPARE_FLAGS---env-order}"

if [ -z "${KOPS_MIRROR:-}" ] && [ -f "$here/ENV" ]; then
  # shellcheck disable=SC1091
  . "$here/ENV"
fi
export KOPS_MIRROR="${KOPS_MIRROR:-}"

refresh=0
kops_only=0
args=()
for a in "$@"; do
  case "$a" in
    --refresh) refresh=1 ;;
    --kops-only) kops_only=1 ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    -*) echo "check.sh: unknown option $a" >&2; exit 2 ;;
    *) args+=("$a") ;;
  esac
done

fixtures=()
if [ ${#args[@]} -eq 0 ]; then
  for f in "$repo"/fixtures/*.yaml; do fixtures+=("$f"); done
else
  for a in "${args[@]}"; do
    for cand in "$a" "$repo/$a" "$repo/fixtures/$a" "$repo/fixtures/$a.yaml"; do
      if [ -f "$cand" ]; then fixtures+=("$(cd "$(dirname "$cand")" && pwd)/$(basename "$cand")"); continue 2; fi
    done
    echo "check.sh: no such fixture: $a" >&2
    exit 2
  done
fi
[ ${#fixtures[@]} -gt 0 ] || { echo "check.sh: no fixtures" >&2; exit 2; }

mkdir -p "$OUT"

# Build calico-cli once; if that fails, ours is skipped for every fixture.
ours_ok=0
ours_why=""
if [ $kops_only -eq 0 ]; then
  if (cd "$repo" && cargo build -q --release -p calico-cli) >"$OUT/cargo-build.log" 2>&1; then
    ours_ok=1
  else
    ours_why="calico-cli does not build (see $OUT/cargo-build.log)"
  fi
fi

total=0 compared=0 skipped=0 kops_failed=0 differing=0
for fx in "${fixtures[@]}"; do
  name="$(basename "$fx" .yaml)"
  cluster="$OUT/$name.cluster.yaml"
  kops="$OUT/$name.kops.yaml"
  ours="$OUT/$name.ours.yaml"
  diff="$OUT/$name.diff"

  # 1+2. kOps's rendering (cached while newer than the fixture and the wrapper).
  if [ $refresh -eq 1 ] || [ ! -s "$kops" ] || [ "$fx" -nt "$kops" ] || [ "$here/wrap.py" -nt "$kops" ]; then
    rm -f "$kops"
    if ! python3 "$here/wrap.py" "$fx" "$cluster" 2>"$OUT/$name.kops.err"; then
      echo "$name: kOps render FAILED: $(head -1 "$OUT/$name.kops.err")"
      kops_failed=$((kops_failed + 1)); continue
    fi
    if ! "$ORACLE_DIR/render.sh" "$cluster" >"$kops.tmp" 2>"$OUT/$name.kops.err"; then
      rm -f "$kops.tmp"
      echo "$name: kOps render FAILED: $(grep -m1 -E 'validation:|kops-render:|render.sh:' "$OUT/$name.kops.err" || head -1 "$OUT/$name.kops.err")"
      kops_failed=$((kops_failed + 1)); continue
    fi
    mv "$kops.tmp" "$kops"
  fi
  if [ $kops_only -eq 1 ]; then
    echo "$name: kOps rendered ($(grep -c '^kind:' "$kops") objects) -> $kops"
    continue
  fi

  # 3. ours.
  rm -f "$ours" "$diff"
  if [ $ours_ok -eq 0 ]; then
    echo "$name: ours skipped ($ours_why)"
    skipped=$((skipped + 1)); continue
  fi
  rel="${fx#"$repo"/}"
  if ! (cd "$repo" && cargo run -q --release -p calico-cli -- "$rel") >"$ours" 2>"$OUT/$name.ours.err"; then
    echo "$name: ours skipped (calico-cli failed: $(head -1 "$OUT/$name.ours.err"))"
    skipped=$((skipped + 1)); continue
  fi
  if ! grep -q '[^[:space:]]' "$ours"; then
    echo "$name: ours skipped (calico-cli printed nothing)"
    skipped=$((skipped + 1)); continue
  fi

  # 4. compare.
  # shellcheck disable=SC2086
  python3 "$ORACLE_DIR/compare.py" "$kops" "$ours" $COMPARE_FLAGS >"$diff" 2>&1
  n="$(sed -n 's/^differences: \([0-9][0-9]*\)$/\1/p' "$diff" | tail -1)"
  if [ -z "$n" ]; then
    echo "$name: compare FAILED: $(tail -1 "$diff")"
    differing=$((differing + 1)); continue
  fi
  echo "$name: $n differences"
  compared=$((compared + 1))
  total=$((total + n))
  [ "$n" -eq 0 ] || differing=$((differing + 1))
done

n_fx=${#fixtures[@]}
if [ $kops_only -eq 1 ]; then
  echo "total: $((n_fx - kops_failed))/$n_fx fixtures rendered by kOps, $kops_failed failed (outputs in $OUT)"
  [ $kops_failed -eq 0 ]
  exit
fi
echo "total: $total differences in $compared compared fixtures ($differing differ, $skipped skipped, $kops_failed kOps failures, $n_fx fixtures; details in $OUT/*.diff)"
[ $kops_failed -eq 0 ] && [ $skipped -eq 0 ] && [ $differing -eq 0 ]
