#!/usr/bin/env bash
# measure.sh — whole-process performance of the calico-render CLI, reproducibly.
#
# usage: tools/perf/measure.sh [--runs N] [--bin PATH] [FIXTURE...]
#
#   FIXTURE     fixtures/NAME.yaml, NAME.yaml or NAME
#               (default: doc-installing kitchen-sink net-ipv6)
#   --runs N    runs per command and fixture (default 200)
#   --bin PATH  measure this calico-render binary (e.g. an older build, or
#               the default dynamically linked target/release/calico-render)
#               instead of building the shipped one with `cargo release-static`
#               (.cargo/config.toml: static, not position-independent; x86_64)
#
# For each fixture, in interleaved rounds (CLI, cat, kOps, CLI, cat, kOps, ...):
#   - `calico-render FIXTURE > /dev/null`          (the shipped binary)
#   - `cat OUT > /dev/null`, OUT being that command's output (the same bytes)
#   - kOps's own Go template rendering of the same cluster: the Go program of
#     the kops-oracle tool, built into a temporary directory at run time, run
#     directly with kOps's Calico template and the cluster as JSON
# and reports median wall time and median CPU time (user + system, from
# wait4) per process, and the ratios the targets are about: CLI wall / kOps
# wall (target <= 0.5) and CLI CPU / kOps CPU (target <= 0.4); CLI wall /
# cat wall for reference.
# hyperfine (Debian: apt-get install -y hyperfine) gives a second opinion on
# CLI vs cat wall times, also interleaved (rounds of 10 runs each).
# Then the peak RSS (`/usr/bin/time -v`) of `calico-render FIXTURE` for every
# fixture in fixtures/ (target < 20 MiB).
#
# Needs: cargo; python3; /usr/bin/time (Debian package `time`); for the kOps
# baseline go, python3 with PyYAML and a kOps git mirror (KOPS_MIRROR, by
# default read from tools/oracle/ENV); hyperfine is optional. Nothing of kOps
# is written into the repository.
#
# Environment: ORACLE_DIR (default /work/shared/tools/kops-oracle),
# KOPS_MIRROR, KOPS_REF (default HEAD).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
ORACLE_DIR="${ORACLE_DIR:-/work/shared/tools/kops-oracle}"
KOPS_REF="${KOPS_REF:-HEAD}"
TEMPLATE_IN_REPO="upup/models/cloudup/resources/addons/networking.projectcalico.org/k8s-1.25.yaml.template"
if [ -z "${KOPS_MIRROR:-}" ] && [ -f "$repo/tools/oracle/ENV" ]; then
  # shellcheck disable=SC1091
  . "$repo/tools/oracle/ENV"
fi

runs=200
bin=""
fixtures=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    -*) echo "measure.sh: unknown option $1" >&2; exit 2 ;;
    *) fixtures+=("$1"); shift ;;
  esac
done
[ ${#fixtures[@]} -gt 0 ] || fixtures=(doc-installing kitchen-sink net-ipv6)

tmp="$(mktemp -d "${TMPDIR:-/tmp}/calico-perf.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

if [ -z "$bin" ]; then
  echo "building calico-render (cargo release-static)..." >&2
  (cd "$repo" && cargo release-static -q)
  bin="$repo/target/x86_64-unknown-linux-gnu/release/calico-render"
fi

# kOps's Go renderer and template, if everything it needs is there.
kops=""
if command -v go >/dev/null && python3 -c 'import yaml' 2>/dev/null \
   && [ -n "${KOPS_MIRROR:-}" ] && git -C "$KOPS_MIRROR" rev-parse --git-dir >/dev/null 2>&1; then
  echo "building kOps's Go renderer into $tmp..." >&2
  (cd "$ORACLE_DIR/kops-render" && go build -o "$tmp/kops-render" .)
  git -C "$KOPS_MIRROR" show "$KOPS_REF:$TEMPLATE_IN_REPO" > "$tmp/template.yaml"
  kops="$tmp/kops-render"
else
  echo "note: no kOps baseline (needs go, PyYAML and KOPS_MIRROR)" >&2
fi

specs=()
for f in "${fixtures[@]}"; do
  name="$(basename "${f%.yaml}")"
  path="$repo/fixtures/$name.yaml"
  [ -f "$path" ] || { echo "measure.sh: no fixture $path" >&2; exit 2; }
  "$bin" "$path" > "$tmp/$name.out"
  if [ -n "$kops" ]; then
    # The cluster as kOps would hold it (forms 2 and 3 wrapped, as the oracle does).
    python3 "$repo/tools/oracle/wrap.py" "$path" "$tmp/$name.cluster.yaml"
    python3 - "$tmp/$name.cluster.yaml" > "$tmp/$name.cluster.json" <<'PY'
import json, sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
json.dump([d for d in docs if d.get("kind") == "Cluster"][0], sys.stdout, default=str)
PY
  fi
  specs+=("$name")
done

# Interleaved runs; wall and CPU (user + system of the child) per process.
MEASURE_REPO="$repo" python3 - "$runs" "$bin" "$tmp" "$kops" "${specs[@]}" <<'PY'
import os, statistics, sys, time
runs, binary, tmp, kops = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
specs = sys.argv[5:]
repo = os.environ["MEASURE_REPO"]
devnull = os.open(os.devnull, os.O_WRONLY)

def run(argv):
    t0 = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ,
                         file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {argv}")
    return wall, ru.ru_utime + ru.ru_stime

cat = "/bin/cat"
print()
print(f"whole processes, {runs} interleaved runs each, medians (ms); 2-core machine")
head = (f"{'spec':16} {'CLI wall':>9} {'CLI CPU':>8} {'kOps wall':>10} {'kOps CPU':>9} "
        f"{'wall/kOps':>10} {'CPU/kOps':>9} {'cat wall':>9} {'CLI/cat':>8} {'--version wall/CPU':>19}")
print(head)
print("-" * len(head))
for name in specs:
    cmds = {"cli": [binary, f"{repo}/fixtures/{name}.yaml"],
            "cat": [cat, f"{tmp}/{name}.out"],
            "floor": [binary, "--version"]}
    if kops:
        cmds["kops"] = [kops, "-template", f"{tmp}/template.yaml", "-cluster", f"{tmp}/{name}.cluster.json"]
    for argv in cmds.values():  # warm-up
        for _ in range(5):
            run(argv)
    res = {k: [] for k in cmds}
    for _ in range(runs):
        for k, argv in cmds.items():
            res[k].append(run(argv))
    med = {k: (statistics.median(w for w, _ in v) * 1e3, statistics.median(c for _, c in v) * 1e3)
           for k, v in res.items()}
    kw, kc = med.get("kops", (float("nan"), float("nan")))
    print(f"{name:16} {med['cli'][0]:9.2f} {med['cli'][1]:8.2f} {kw:10.2f} {kc:9.2f} "
          f"{med['cli'][0] / kw:10.2f} {med['cli'][1] / kc:9.2f} "
          f"{med['cat'][0]:9.2f} {med['cli'][0] / med['cat'][0]:8.2f} "
          f"{med['floor'][0]:11.2f}/{med['floor'][1]:.2f}")
print("targets: wall/kOps <= 0.5; CPU/kOps <= 0.4 "
      "(`calico-render --version`: the cost of starting the binary at all)")
PY

if command -v hyperfine >/dev/null; then
  echo
  echo "hyperfine (interleaved rounds of 10 runs each), CLI vs cat, medians (ms):"
  for name in "${specs[@]}"; do
    rounds=$(( (runs + 9) / 10 ))
    for r in $(seq "$rounds"); do
      hyperfine -N -w 2 -r 10 --export-json "$tmp/hf-$name-$r.json" \
        "$bin $repo/fixtures/$name.yaml" "cat $tmp/$name.out" >/dev/null 2>&1
    done
    python3 - "$name" "$tmp"/hf-"$name"-*.json <<'PY'
import json, statistics, sys
name, files = sys.argv[1], sys.argv[2:]
times = [[], []]
for f in files:
    for i, r in enumerate(json.load(open(f))["results"]):
        times[i] += r["times"]
cli, cat = (statistics.median(t) * 1e3 for t in times)
print(f"  {name:16} CLI {cli:6.2f}  cat {cat:6.2f}  ratio {cli / cat:5.2f}")
PY
  done
fi

if [ -x /usr/bin/time ]; then
  echo
  max=0; maxname=""
  for path in "$repo"/fixtures/*.yaml; do
    kb=$(/usr/bin/time -v "$bin" "$path" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}')
    if [ "${kb:-0}" -gt "$max" ]; then max=$kb; maxname=$(basename "$path"); fi
  done
  n=$(ls "$repo"/fixtures/*.yaml | wc -l)
  echo "peak RSS of calico-render over all $n fixtures: max $((max / 1024)).$(( (max % 1024) * 10 / 1024 )) MiB ($maxname); target < 20 MiB"
else
  echo "note: /usr/bin/time missing (apt-get install -y time): no peak RSS" >&2
fi
