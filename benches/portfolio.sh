#!/usr/bin/env bash
# The portfolio report at scale: N declarations (default 1000) made from the seed and
# real-vendor fixtures, each with its own id and name. Measured side by side in one run:
# `vendorlint report` (HTML and Markdown) against `vendorlint check` of the same files, the
# page's size, and, when Chromium and playwright-core are installed (`bash .ci/tools.sh`), how
# the page behaves in the browser: load time, rows shown per page, pages.
#
#   bash benches/portfolio.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
cargo build --release --quiet
bin=$PWD/target/release/vendorlint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t srcs < <(ls fixtures/vendors/unoeuro.yaml fixtures/vendors/onlineregnskab.yaml \
  fixtures/vendors/nordlys-cloud.yaml fixtures/real/*.yaml | grep -v '\.expected\.yaml$')
for i in $(seq 1 "$n"); do
  src=${srcs[$((i % ${#srcs[@]}))]}
  # A unique declaration id and vendor name per copy.
  sed -e "0,/^  id: \([a-z0-9_-]*\)$/s//  id: \1-$i/" \
      -e "0,/^  name: \"\{0,1\}\([^\"]*\)\"\{0,1\}$/s//  name: \"\1 $i\"/" "$src" > "$work/v$i.yaml"
done
secs() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
best() { local b=999 t; for _ in 1 2 3; do t=$(secs "$@"); b=$(echo "if ($t < $b) $t else $b" | bc); done; echo "$b"; }
check_t=$(best "$bin" check --format short --today 2026-11-25 "$work")
html_t=$(best "$bin" report --today 2026-11-25 -o "$work/portfolio.html" "$work")
md_t=$(best "$bin" report --today 2026-11-25 --format md -o "$work/portfolio.md" "$work")
rss=$(python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$bin" report --today 2026-11-25 -o "$work/portfolio.html" "$work")
vendors=$(grep -c '<details class="card"' "$work/portfolio.html")
echo "declarations:          $n ($(nproc) cores), $vendors vendors in the page"
echo "check --format short:  ${check_t} s (best of 3)"
echo "report --format html:  ${html_t} s (best of 3), ratio to check $(echo "scale=2; $html_t / $check_t" | bc)"
echo "report --format md:    ${md_t} s (best of 3)"
echo "peak RSS (html):       ${rss} KiB"
echo "page size:             $(( $(stat -c %s "$work/portfolio.html") / 1024 )) KiB"
echo "comment size (md):     $(stat -c %s "$work/portfolio.md") bytes (limit 65536); $(grep -c '^### ' "$work/portfolio.md") scorecards"
grep '^> Left out' "$work/portfolio.md" || true
if command -v chromium >/dev/null 2>&1 && [ -d .tools/node_modules/playwright-core ]; then
  s=$(date +%s.%N)
  out=$(PLAYWRIGHT_CORE=$PWD/.tools/node_modules/playwright-core node tests/browser/portfolio.mjs "$work/portfolio.html" "$work/shot.png")
  e=$(date +%s.%N)
  echo "browser (open, checks, filter, sort, screenshot): $(echo "$e - $s" | bc) s"
  echo "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
s = d["script"]
print("heatmap rows:          %d; shown per page: %d; pages: %d; requests other than the file: %d; script errors: %d"
      % (len(d["vendors"]), s["before"], s["pager_buttons"], len(d["non_file"]), len(d["errors"])))'
fi
