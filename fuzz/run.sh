#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each (default 60), with a per-input
# timeout and a memory cap, so a hang or a memory blow-up is a finding like a crash.
#
#   fuzz/run.sh [SECONDS] [TARGET...]     targets: declaration config rule_pack
#   fuzz/run.sh --replay [TARGET...]      run each target once over fixtures/hostile/ (the
#                                         regression inputs), no fuzzing
#
# Needs the nightly toolchain (installed with rustup if missing) and cargo-fuzz (installed
# into .tools/cargo/ if not on PATH). Corpora grow in fuzz/corpus/TARGET (seeded from
# fixtures/ and rules/), findings land in fuzz/artifacts/TARGET/ (both ignored by git).
# Exit status: 0 when nothing was found, 1 when a target found something (listed at the
# end). CI does not run this; tests/hostile_corpus.rs checks the kept findings.
# See docs/HARDENING.md.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

replay=0
seconds=60
if [ "${1:-}" = "--replay" ]; then
  replay=1
  shift
elif [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  seconds=$1
  shift
fi
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(declaration config rule_pack)

# Per input: a run longer than this is a hang, a resident size above this an OOM.
timeout_s=${FUZZ_TIMEOUT:-10}
rss_mb=${FUZZ_RSS_MB:-2048}
max_len=${FUZZ_MAX_LEN:-65536}

if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal || exit 2
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  export PATH="$root/.tools/cargo/bin:$PATH"
  if ! command -v cargo-fuzz >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked --version 0.13.2 --root "$root/.tools/cargo" || exit 2
  fi
fi

# No sanitizer (the code is safe Rust; this doubles the speed), debug assertions on (an
# overflow in position arithmetic panics instead of wrapping).
build_flags=(--fuzz-dir fuzz --sanitizer none --debug-assertions)

seed() {
  local target=$1 dir=fuzz/corpus/$1
  mkdir -p "$dir"
  case $target in
    declaration)
      cp fixtures/vendors/*.yaml fixtures/broken/* fixtures/real/*.yaml templates/declaration.yaml "$dir"/
      find fixtures/hostile -type f ! -name '*.toml' ! -name 'rules-*' -exec cp {} "$dir"/ \; ;;
    config)
      cp templates/vendorlint.toml "$dir"/
      find fixtures/hostile -name '*.toml' ! -name 'cases.toml' -exec cp {} "$dir"/ \; ;;
    rule_pack)
      cp rules/*.yaml fixtures/hostile/rules-*.yaml "$dir"/ ;;
  esac
}

regressions() {
  case $1 in
    declaration) find fixtures/hostile -type f ! -name '*.toml' ! -name 'rules-*' ! -name 'cases.toml' ;;
    config) find fixtures/hostile -name '*.toml' ! -name 'cases.toml' ;;
    rule_pack) find fixtures/hostile -name 'rules-*' ;;
  esac
}

found=()
stamp=$(mktemp)
trap 'rm -f "$stamp"' EXIT
for target in "${targets[@]}"; do
  cargo +nightly fuzz build "${build_flags[@]}" "$target" || exit 2
  if [ $replay -eq 1 ]; then
    echo "== $target: replaying fixtures/hostile/"
    mapfile -t inputs < <(regressions "$target")
    if ! cargo +nightly fuzz run "${build_flags[@]}" "$target" -- \
        -timeout="$timeout_s" -rss_limit_mb="$rss_mb" "${inputs[@]}"; then
      found+=("$target (replay)")
    fi
    continue
  fi
  seed "$target"
  mkdir -p "fuzz/artifacts/$target"
  echo "== $target: fuzzing for ${seconds}s (timeout ${timeout_s}s, rss ${rss_mb} MB)"
  if ! cargo +nightly fuzz run "${build_flags[@]}" "$target" "fuzz/corpus/$target" -- \
      -max_total_time="$seconds" -timeout="$timeout_s" -rss_limit_mb="$rss_mb" \
      -max_len="$max_len" -dict=fuzz/yaml.dict -print_final_stats=1; then
    found+=("$target")
  fi
done

if [ ${#found[@]} -gt 0 ]; then
  echo
  echo "Findings in: ${found[*]}"
  find fuzz/artifacts -type f -newer "$stamp" 2>/dev/null | sed 's/^/  /'
  echo "Minimise one with: cargo +nightly fuzz tmin ${build_flags[*]} TARGET ARTIFACT"
  echo "then keep it in fixtures/hostile/ with its expected outcome in fixtures/hostile/cases.toml."
  exit 1
fi
echo "Nothing found."
