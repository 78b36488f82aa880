#!/bin/sh
# Seeds the fuzz corpora from the bundled fixtures. The corpora are not
# committed (.gitignore: fuzz/corpus); run this before the first `cargo fuzz run`.
# Usage: fuzz/seed.sh   (from anywhere)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
spec="$here/corpus/spec_pipeline"
krm="$here/corpus/krm_reader"
mkdir -p "$spec" "$krm"

for f in "$root"/fixtures/*.yaml; do
    name=$(basename "$f" .yaml)
    cp "$f" "$spec/$name.yaml"
done

# KRM seeds: each CalicoNetworking-shaped fixture (and each kOps Cluster,
# rewritten to the CalicoNetworking kind) as the functionConfig of a
# ResourceList, plus a few hand-written lists.
for f in "$root"/fixtures/*.yaml; do
    name=$(basename "$f" .yaml)
    # Only single-document fixtures with an apiVersion make a functionConfig.
    grep -q '^---' "$f" && continue
    grep -q '^apiVersion:' "$f" || continue
    {
        printf 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: demo\nfunctionConfig:\n'
        sed -e 's/^apiVersion: kops.k8s.io\/v1alpha2$/apiVersion: calico-render.dev\/v1alpha1/' \
            -e 's/^kind: Cluster$/kind: CalicoNetworking/' \
            -e '/^ *#/d' -e 's/^/  /' "$f"
    } > "$krm/$name.yaml"
done
cat > "$krm/minimal.yaml" <<'YAML'
apiVersion: config.kubernetes.io/v1
kind: ResourceList
items: []
functionConfig:
  apiVersion: calico-render.dev/v1alpha1
  kind: CalicoNetworking
  metadata: {name: demo.example.com}
  spec: {networking: {calico: {}}}
YAML
cat > "$krm/invalid-spec.yaml" <<'YAML'
apiVersion: config.kubernetes.io/v1beta1
kind: ResourceList
items:
- {apiVersion: v1, kind: ConfigMap, metadata: {name: x}, data: {a: "1"}}
functionConfig:
  apiVersion: calico-render.dev/v1alpha1
  kind: CalicoNetworking
  metadata: {name: demo.example.com}
  spec: {networking: {calico: {ipipMode: Sometimes, mtu: 70000}}}
YAML
printf 'apiVersion: v1\nkind: List\nitems: []\n' > "$krm/not-a-resource-list.yaml"
echo "seeded $(ls "$spec" | wc -l) spec_pipeline and $(ls "$krm" | wc -l) krm_reader inputs under $here/corpus"
