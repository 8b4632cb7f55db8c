#!/usr/bin/env bash
# The launcher's own test: the last stage of ./stack test, or by hand: deploy/local/test/launcher-test.sh
#   1. Summary.java counts sample Surefire, Failsafe and node reports (reports/) and a stage that failed to run,
#      and its closing line and exit status say so; a green run exits 0.
#   2. ./stack test, with its Maven runs and infrastructure stubbed out, counts a stage that died and exits 1.
#   3. The services are started in the local profile (QUARKUS_PROFILE=local), where their local secrets live.
#   4. The end-to-end stage's build (E2E_MAVEN in ./stack) succeeds offline against a local repository that has
#      everything of ~/.m2/repository except dev/kiln: it builds our modules in the reactor, never needing an
#      earlier install. A build without -am must fail there (the control: the repository really lacks them).
# Writes target/junit.xml beside this file, which ./stack test counts; exits 1 when a test failed.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
# shellcheck source=../../../stack
source "$ROOT/stack"   # the launcher's settings (E2E_MAVEN); sourcing does not run a command
set +e
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
CASES="" FAILED=0 TOTAL=0

# check NAME COMMAND...: runs a test function, records it as a JUnit testcase.
check() {
  local name=$1 out start=$SECONDS; shift
  TOTAL=$((TOTAL + 1))
  if out=$("$@" 2>&1); then
    echo "ok     $name"; CASES+="  <testcase classname=\"launcher\" name=\"$name\" time=\"$((SECONDS - start))\"/>"$'\n'
  else
    echo "FAILED $name"; echo "$out" | tail -n 40 | sed 's/^/       /'; FAILED=$((FAILED + 1))
    out=$(printf '%s' "$out" | tail -n 30 | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g')
    CASES+="  <testcase classname=\"launcher\" name=\"$name\" time=\"$((SECONDS - start))\"><failure message=\"see output\">$out</failure></testcase>"$'\n'
  fi
}

# report FILE FIXTURE EPOCH-SECONDS: a sample report, written at that time.
report() { mkdir -p "$(dirname "$1")"; cp "$HERE/reports/$2" "$1"; touch -d "@$3" "$1"; }

# expect_summary ROOT STAGES LINE STATUS: Summary's last line and exit status.
expect_summary() {
  local out status
  out=$(java "$ROOT/deploy/local/Summary.java" "$1" "$2"); status=$?
  echo "$out"
  [[ "$(tail -n 1 <<< "$out")" == "$3" ]] || { echo "expected last line: $3"; return 1; }
  [[ $status == "$4" ]] || { echo "expected exit status $4, got $status"; return 1; }
}

summary_counts_reports_and_failed_stages() {
  local r="$WORK/summary" t=$(( $(date +%s) - 100 ))
  report "$r/old/target/surefire-reports/TEST-Old.xml" surefire.xml $((t - 50))         # before the run: ignored
  report "$r/svc/target/surefire-reports/TEST-Sample.xml" surefire.xml $((t + 5))       # 2 passed, 2 failed, 1 skipped
  report "$r/contract-tests/target/junit.xml" node-junit.xml $((t + 25))                # 2 passed, 1 failed, 2 skipped
  report "$r/svc/target/failsafe-reports/TEST-SampleIT.xml" failsafe.xml $((t + 35))    # 2 passed
  mkdir -p "$r/bad/target/surefire-reports"; echo '<testsuite><testcase' > "$r/bad/target/surefire-reports/TEST-Bad.xml"
  touch -d "@$((t + 45))" "$r/bad/target/surefire-reports/TEST-Bad.xml"                 # unreadable: 1 failed
  cat > "$r/stages" <<EOF
service-tests ${t}000 $((t + 10))000 1
services $((t + 10))000 $((t + 20))000 1
contract-tests $((t + 20))000 $((t + 30))000 1
launcher-test $((t + 30))000 $((t + 40))000 0
other $((t + 40))000 $((t + 50))000 0
EOF
  # the failed tests explain the first and third stages' exit; "services" produced no report: one more failure
  expect_summary "$r" "$r/stages" "stack-test: 6 passed, 5 failed, 3 skipped" 1
}

# The contract tests run beside the service tests: a report written while both ran counts once, for the stage named
# like its folder; the service tests' own report counts for them.
summary_counts_a_report_once_when_stages_overlap() {
  local r="$WORK/beside" t=$(( $(date +%s) - 100 )) out
  report "$r/svc/target/surefire-reports/TEST-Sample.xml" surefire.xml $((t + 25))       # 2 passed, 2 failed, 1 skipped
  report "$r/contract-tests/target/junit.xml" node-junit.xml $((t + 15))                # 2 passed, 1 failed, 2 skipped
  report "$r/lib/target/surefire-reports/TEST-Lib.xml" failsafe.xml $((t + 10))         # 2 passed, while both ran
  cat > "$r/stages" <<EOF
contract-tests $((t + 5))000 $((t + 20))000 1
service-tests ${t}000 $((t + 30))000 1
EOF
  out=$(expect_summary "$r" "$r/stages" "stack-test: 6 passed, 3 failed, 3 skipped" 1) || { echo "$out"; return 1; }
  echo "$out"
  grep -q "contract-tests   2 passed, 1 failed, 2 skipped" <<< "$out" || { echo "the contract tests' report is not theirs"; return 1; }
  grep -q "service-tests    4 passed, 2 failed, 1 skipped" <<< "$out" || { echo "a service report went to the contract tests"; return 1; }
}

summary_of_a_green_run_exits_0() {
  local r="$WORK/green" t=$(( $(date +%s) - 100 ))
  report "$r/e2e/target/surefire-reports/TEST-SampleIT.xml" failsafe.xml $((t + 5))
  echo "e2e-tests ${t}000 $((t + 10))000 0" > "$r/stages"
  expect_summary "$r" "$r/stages" "stack-test: 2 passed, 0 failed, 0 skipped" 0
}

# ./stack test itself, in a scratch copy where Maven and the launcher test are stubs that pass, the infrastructure
# is stubbed out and the services never become ready: the dead stage must count, and the exit status must be 1.
stack_test_counts_a_stage_that_died() {
  local sim="$WORK/sim" s port=59090
  mkdir -p "$sim/deploy/local/test/target"
  cp "$ROOT/stack" "$sim/"; cp "$ROOT/deploy/local/Summary.java" "$sim/deploy/local/"
  for s in "${SERVICES[@]}"; do   # ports nobody uses, so that its "services are running" check passes
    mkdir -p "$sim/$s/src/main/resources"; echo "quarkus.http.port=$((port++))" > "$sim/$s/src/main/resources/application.properties"
  done
  printf '#!/bin/sh\nmkdir -p svc/target/surefire-reports\ncp %q svc/target/surefire-reports/TEST-Sample.xml\n' \
    "$HERE/reports/failsafe.xml" > "$sim/mvnw"   # service tests: 2 passed
  printf '#!/bin/sh\n' > "$sim/deploy/local/test/launcher-test.sh"
  chmod +x "$sim/mvnw" "$sim/deploy/local/test/launcher-test.sh"
  local out status
  out=$(cd "$sim" && bash -c 'source ./stack; infra_up() { :; }; wait_ready() { :; }
    services_up() { die "gateway-service was not ready"; }; main test' 2>&1); status=$?
  echo "$out"
  [[ "$(tail -n 1 <<< "$out")" == "stack-test: 2 passed, 1 failed, 0 skipped" ]] || { echo "wrong closing line"; return 1; }
  [[ $status == 1 ]] || { echo "expected exit status 1, got $status"; return 1; }
}

# start_service with spawn stubbed: the command line it would run.
services_start_in_the_local_profile() {
  local jar="$WORK/quarkus-run.jar" out
  touch "$jar"
  out=$(JAR="$jar" bash -c 'source "$1/stack"; svc_jar() { echo "$JAR"; }; our_pid() { return 1; }; say() { :; }
    spawn() { shift 2; echo "$*"; }; start_service gateway-service' _ "$ROOT") || return 1
  echo "$out"
  [[ "$out" == "env QUARKUS_PROFILE=local java "*" -jar $jar" ]] || { echo "not started with QUARKUS_PROFILE=local"; return 1; }
}

e2e_stage_builds_without_kiln_artifacts_in_the_local_repository() {
  local real="${KILN_M2_REPOSITORY:-$HOME/.m2/repository}" farm="$WORK/m2" entry
  [[ -d "$real" ]] || { echo "no local repository at $real (set KILN_M2_REPOSITORY)"; return 1; }
  # Every top-level folder of the real repository, and every dev/* but dev/kiln, as symlinks.
  mkdir -p "$farm/dev"
  for entry in "$real"/*; do [[ "$(basename "$entry")" == dev ]] || ln -s "$entry" "$farm/"; done
  for entry in "$real"/dev/*; do [[ "$(basename "$entry")" == kiln ]] || ln -s "$entry" "$farm/dev/"; done
  [[ ! -e "$farm/dev/kiln" ]] || { echo "the repository farm still has dev/kiln"; return 1; }
  cd "$ROOT" || return 1
  # -De2e.skip=true: e2e-tests' own switch (its pom sets skipTests from it, so -DskipTests alone would not do)
  local skip=(-DskipTests -De2e.skip=true)
  if ./mvnw -B -q -o -Dmaven.repo.local="$farm" verify -Pe2e -pl e2e-tests "${skip[@]}" >"$WORK/control.log" 2>&1; then
    echo "control: e2e-tests alone (no -am) built offline without dev.kiln artifacts, so this test proves nothing"; return 1
  fi
  grep -q 'dev.kiln' "$WORK/control.log" || { cat "$WORK/control.log"; echo "control failed for another reason than dev.kiln"; return 1; }
  echo "control: without -am the build cannot resolve dev.kiln artifacts, as expected"
  echo "./mvnw -B -q -o -Dmaven.repo.local=$farm ${E2E_MAVEN[*]} ${skip[*]}"
  ./mvnw -B -q -o -Dmaven.repo.local="$farm" "${E2E_MAVEN[@]}" "${skip[@]}" || return 1
  [[ ! -e "$farm/dev/kiln" ]] || { echo "the build installed dev/kiln into the repository"; return 1; }
}

check "the closing line counts every report and a stage that failed to run" summary_counts_reports_and_failed_stages
check "the closing line of a green run comes with exit status 0" summary_of_a_green_run_exits_0
check "a report written while two stages ran counts once, for the stage named like its folder" summary_counts_a_report_once_when_stages_overlap
check "./stack test counts a stage that died and exits 1" stack_test_counts_a_stage_that_died
check "the services start in the local profile" services_start_in_the_local_profile
check "the end-to-end stage builds with no dev.kiln artifacts in the local repository" e2e_stage_builds_without_kiln_artifacts_in_the_local_repository

mkdir -p "$HERE/target"
{ echo '<?xml version="1.0" encoding="UTF-8"?>'
  echo "<testsuite name=\"launcher\" tests=\"$TOTAL\" failures=\"$FAILED\" errors=\"0\" skipped=\"0\">"
  printf '%s' "$CASES"; echo '</testsuite>'; } > "$HERE/target/junit.xml"
((FAILED == 0))
