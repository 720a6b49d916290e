#!/usr/bin/env bash
# How `vendorlint check` grows with the number of services in ONE declaration, measured side
# by side in one run: 1,000, 10,000 and 40,000 services (the Nordlys Cloud fixture with that
# many more, all listed at one data location; tests/scale.rs writes them).
#
#   bash benches/scale.sh [SIZES]      # default 1000,10000,40000
#
# Prints, per size: file size, wall time (best of 3), peak RSS, time per 1,000 services, and
# the ratio to the smallest size's time per service (1.0 = linear).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-1000,10000,40000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet
VENDORLINT_SCALE_OUT=$work VENDORLINT_SCALE_SIZES=$sizes \
  cargo test --release --quiet --test scale write_declarations_for_the_benchmark -- --ignored > /dev/null
# The whole-run test on 40,000 services (findings, labels, budget), too slow for the debug suite.
cargo test --release --quiet --test scale forty_thousand -- --ignored
bin=target/release/vendorlint
secs() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
best() { local b=999999 t; for _ in 1 2 3; do t=$(secs "$@"); b=$(echo "if ($t < $b) $t else $b" | bc); done; echo "$b"; }
echo "cores: $(nproc)"
printf '%10s %9s %9s %10s %14s %8s\n' services MiB seconds "RSS MiB" "s/1k services" ratio
base=""
for n in ${sizes//,/ }; do
  f=$work/services-$n.yaml
  t=$(best "$bin" check --format short --today 2026-11-25 "$f")
  rss=$( { /usr/bin/time -f '%M' "$bin" check --format short --today 2026-11-25 "$f" > /dev/null; } 2>&1 | tail -1)
  per=$(echo "scale=4; $t * 1000 / $n" | bc)
  [ -z "$base" ] && base=$per
  printf '%10s %9s %9s %10s %14s %8s\n' "$n" "$(( $(stat -c %s "$f") / 1048576 ))" "$t" "$((rss / 1024))" "$per" "$(echo "scale=2; $per / $base" | bc)"
done
