#!/usr/bin/env bash
# Proves that policies/interlock.d.ts accepts good policies and catches bad ones.
#
#   src/test/typecheck/run.sh
#
# 1. `tsc -p policies` (the shipped policies) must pass.
# 2. `tsc -p src/test/typecheck` (good-*.js: legal edge cases) must pass.
# 3. Each bad-*.js, checked on its own, must fail with exactly the error codes its
#    `// expect-error:` line names, all in that file, and print each `// expect-text:`.
# 4. Files are recognised by what they hold, not by name: in a copy of policies/ where an Auth0
#    Action is renamed without `auth0` and a `// @ts-check` policy has a mistake, `tsc -p` reports
#    the mistake and nothing of the Action; and every shipped policy that is not an Action starts
#    with `// @ts-check`, so step 1 checks it; so does every helper of policies/lib/, which step 1
#    checks with the policies that import it (good-helper-import.js, bad-helper-argument.js).
#
# Installs TypeScript into policies/node_modules (npm ci, from the committed lock file)
# when it isn't there yet. Prints "N passed, N failed"; exits 1 if anything failed.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
tsc="$root/policies/node_modules/.bin/tsc"

if [[ ! -x "$tsc" ]]; then
  echo "installing TypeScript into policies/node_modules" >&2
  (cd "$root/policies" && npm ci --no-audit --no-fund >&2) || { echo "npm ci failed" >&2; exit 2; }
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok    $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1"; [[ -n "${2:-}" ]] && sed 's/^/      /' <<<"$2"; }

# Good sets: must compile without a single error.
for project in "$root/policies" "$here"; do
  name="tsc -p ${project#"$root"/}"
  if out="$(cd "$project" && "$tsc" -p . --pretty false 2>&1)"; then
    pass "$name"
  else
    fail "$name" "$out"
  fi
done

# Bad files: each must fail, for the reason it states.
shopt -s nullglob
for file in "$here"/bad-*.js; do
  base="$(basename "$file")"
  expected="$(sed -n 's|^// expect-error: *||p' "$file" | tr ' ' '\n' | grep . | sort -u)"
  if [[ -z "$expected" ]]; then
    fail "$base" "no '// expect-error: TSnnnn' line"
    continue
  fi
  config="$tmp/${base%.js}.tsconfig.json"
  printf '{ "extends": "%s/tsconfig.json", "include": [], "files": ["%s"] }\n' "$here" "$file" >"$config"

  out="$(cd "$here" && "$tsc" -p "$config" --pretty false 2>&1)"
  status=$?
  errors="$(grep -E '^[^ ].*\([0-9]+,[0-9]+\): error TS[0-9]+' <<<"$out")"
  actual="$(grep -oE 'error TS[0-9]+' <<<"$errors" | cut -d' ' -f2 | sort -u)"
  elsewhere="$(grep -vE "(^|/)$base\(" <<<"$errors")"
  missing_text=""
  while IFS= read -r text; do
    [[ -n "$text" ]] && ! grep -qF -- "$text" <<<"$out" && missing_text+="missing text: $text"$'\n'
  done < <(sed -n 's|^// expect-text: *||p' "$file")

  if [[ $status -eq 0 ]]; then
    fail "$base" "compiled without errors; expected $(echo $expected)"
  elif [[ -n "$elsewhere" ]]; then
    fail "$base" "errors outside the file:"$'\n'"$elsewhere"
  elif [[ "$actual" != "$expected" ]]; then
    fail "$base" "expected $(echo $expected), got $(echo $actual):"$'\n'"$out"
  elif [[ -n "$missing_text" ]]; then
    fail "$base" "$missing_text$out"
  else
    pass "$base ($(echo $actual))"
  fi
done

# Recognised by content: an Action under any name is left alone, a @ts-check policy is checked.
copy="$tmp/policies"
mkdir -p "$copy"
(cd "$root/policies" && cp -r interlock.d.ts tsconfig.json data payloads lib pre-* "$copy"/)
ln -s "$root/policies/node_modules" "$copy/node_modules"
mv "$copy/pre-signup/30-auth0-domain-allowlist.js" "$copy/pre-signup/30-domain-allowlist.js"
sed 's/decision: "DENY"/decision: "DENIED"/' "$root/policies/pre-signup/10-approved-domains.js" >"$copy/pre-signup/11-mistake.js"
out="$(cd "$copy" && "$tsc" -p . --pretty false 2>&1)"
errors="$(grep -E '^[^ ].*\([0-9]+,[0-9]+\): error TS[0-9]+' <<<"$out")"
if [[ -n "$(grep -v '^pre-signup/11-mistake.js(' <<<"$errors")" ]]; then
  fail "an Action named without auth0 is left alone" "$out"
elif ! grep -q "^pre-signup/11-mistake.js(.*error TS2322" <<<"$errors"; then
  fail "a @ts-check policy beside it is checked" "$out"
else
  pass "files recognised by content: an Action named 30-domain-allowlist.js is left alone, a @ts-check policy checked"
fi
unchecked=""
for file in "$root"/policies/pre-*/*.js; do
  grep -q 'exports\.onExecute' "$file" && continue
  [[ "$(head -n 1 "$file")" == "// @ts-check" ]] || unchecked+="${file#"$root"/}"$'\n'
done
for file in "$root"/policies/lib/*.js; do
  [[ "$(head -n 1 "$file")" == "// @ts-check" ]] || unchecked+="${file#"$root"/}"$'\n'
done
if [[ -n "$unchecked" ]]; then
  fail "every shipped policy that is not an Action, and every helper, starts with // @ts-check" "$unchecked"
else
  pass "every shipped policy that is not an Action, and every helper of policies/lib/, starts with // @ts-check"
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
