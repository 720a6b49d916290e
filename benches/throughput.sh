#!/usr/bin/env bash
# Throughput of `vendorlint check` on generated declaration repos, measured side by side in one
# run (ratios matter more than absolute numbers on a shared machine).
#
#   bash benches/throughput.sh [N]      # N declarations (default 10000)
#
# Prints: one-file time from process start, N-file wall time, files/second, peak RSS, and the
# ratio of `check` to a plain `cat` of the same files (the I/O floor).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
cargo build --release --quiet
bin=target/release/vendorlint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
srcs=(fixtures/vendors/unoeuro.yaml fixtures/vendors/onlineregnskab.yaml fixtures/vendors/nordlys-cloud.yaml)
for i in $(seq 1 "$n"); do
  src=${srcs[$((i % 3))]}
  sed "s/^  id: \([a-z-]*\)$/  id: \1-$i/" "$src" > "$work/v$i.yaml"
done
bytes=$(du -sb "$work" | cut -f1)
secs() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
best() { local b=999 t; for _ in 1 2 3 4 5; do t=$(secs "$@"); b=$(echo "if ($t < $b) $t else $b" | bc); done; echo "$b"; }
one=$(best "$bin" check "$work/v1.yaml")
all=$(best "$bin" check --format short "$work")
cat_t=$(best sh -c "cat $work/*.yaml")
rss=$( { /usr/bin/time -f '%M' "$bin" check --format short "$work" > /dev/null; } 2>&1 | tail -1 || echo "?")
echo "declarations:        $n ($((bytes / 1024 / 1024)) MiB, avg $((bytes / n)) bytes)"
echo "cores:               $(nproc)"
echo "one file:            ${one} s (process start to exit, best of 5)"
echo "$n files:        ${all} s (best of 5), $(echo "$n / $all" | bc) files/s"
echo "cat of same files:   ${cat_t} s (I/O floor); check/cat ratio $(echo "scale=1; $all / $cat_t" | bc)"
echo "peak RSS ($n files): ${rss} KiB"
