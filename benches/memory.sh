#!/usr/bin/env bash
# Peak memory of `vendorlint check` per output format on generated declaration repos: with
# streaming output (each file's report written, and its text dropped, as soon as it is
# checked) the peak stays about flat from 1,000 to 10,000 files.
#
#   bash benches/memory.sh [N...]          # corpus sizes (default: 1000 10000)
#   BIN=path/to/vendorlint bash benches/memory.sh 1000   # measure another binary, no build
#
# Prints one line per size and format: peak RSS in KiB (`/usr/bin/time -f %M`) and KiB per
# file above the one-file peak. The corpus is the one benches/throughput.sh generates.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=target/release/vendorlint
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
srcs=(fixtures/vendors/unoeuro.yaml fixtures/vendors/onlineregnskab.yaml fixtures/vendors/nordlys-cloud.yaml)
formats=(human short json sarif github junit)
peak() {
  /usr/bin/time -f '%M' -o "$work/rss" "$BIN" check --no-config --color never --format "$1" "$2" > /dev/null 2>&1 || true
  tail -1 "$work/rss"
}
mkdir -p "$work/one"
cp "${srcs[0]}" "$work/one/v0.yaml"
declare -A base
for f in "${formats[@]}"; do base[$f]=$(peak "$f" "$work/one"); done
echo "binary: $BIN; cores: $(nproc); one-file peak RSS (KiB):$(for f in "${formats[@]}"; do printf ' %s=%s' "$f" "${base[$f]}"; done)"
for n in "${sizes[@]}"; do
  dir="$work/n$n"
  mkdir -p "$dir"
  for i in $(seq 1 "$n"); do
    src=${srcs[$((i % 3))]}
    sed "s/^  id: \([a-z-]*\)$/  id: \1-$i/" "$src" > "$dir/v$i.yaml"
  done
  for f in "${formats[@]}"; do
    kib=$(peak "$f" "$dir")
    per=$(echo "scale=1; ($kib - ${base[$f]}) / $n" | bc)
    printf '%6d files  %-7s peak RSS %8s KiB  (%s KiB per file)\n' "$n" "$f" "$kib" "$per"
  done
  rm -rf "$dir"
done
