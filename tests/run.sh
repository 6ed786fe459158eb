#!/usr/bin/env bash
# `npm test`: the type check, every vitest project (unit; integration on PGlite, and on
# Postgres too when TEST_DATABASE_URL is set), then the end-to-end tests in Debian's chromium
# (E2E=0 skips them). Every stage runs even when an earlier one failed, so one run shows
# everything; the exit status is non-zero when anything failed. The last line is the total,
# `N passed, N failed` (vitest + e2e tests; a stage that fails without counting its tests,
# such as the type check or a build, counts as one failure), which CI reads.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
summary=()
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

stage() { printf '\n\033[1m== %s\033[0m\n' "$1"; }

# Adds "N passed, N failed" from a stage; a stage that failed but counted no failure counts one.
count() {
  local name=$1 status=$2 p=$3 f=$4
  if [[ $status -ne 0 && $f -eq 0 ]]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  summary+=("$name: $p passed, $f failed")
}

stage 'Type check (tsc --noEmit)'
if npx tsc --noEmit; then
  summary+=('type check: ok')
else
  failed=$((failed + 1))
  summary+=('type check: FAILED')
fi

stage "vitest (${TEST_DATABASE_URL:+postgres, }pglite, unit)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$work/vitest.json"
status=$?
read -r vp vf < <(node -e '
  try {
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(r.numPassedTests, r.numFailedTests);
  } catch { console.log(0, 0); }
' "$work/vitest.json")
count vitest "$status" "$vp" "$vf"

stage 'End-to-end (playwright-core, Debian chromium)'
if [[ "${E2E:-1}" == "0" ]]; then
  echo 'End-to-end tests skipped (E2E=0).'
  summary+=('e2e: skipped (E2E=0)')
elif [[ ! -x /usr/bin/chromium ]]; then
  echo "/usr/bin/chromium is missing: install Debian's chromium with \`apt-get install chromium\` (or run with E2E=0 to skip the browser tests)." >&2
  count e2e 1 0 1
else
  npx tsx tests/e2e/run.ts | tee "$work/e2e.log"
  status=${PIPESTATUS[0]}
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$work/e2e.log" | tail -n 1)
  [[ -n "$line" ]] || line='0 passed, 0 failed'
  read -r ep _ ef _ <<<"${line//,/}"
  count e2e "$status" "$ep" "$ef"
fi

stage 'Summary'
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
