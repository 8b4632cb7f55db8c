#!/usr/bin/env bash
# bench/run.sh: the benchmark of issue 9. ./stack bench runs it once the infrastructure is up and the jars are built;
# docs/benchmarks/README.md says what it measures and how to read it.
#
# Every Kiln figure is a ratio to the floor (bench/: a bare Quarkus app doing one Redis SET EX and one acknowledged
# Kafka send per POST, one Redis GET per GET), measured in the same run, beside it, on the same Kafka and Redis.
# Three phases, each with services of its own, started here (never the ones ./stack up runs):
#   submit    the floor, the peer (bench/peer: Fastify + BullMQ) and gateway-service alone: POST and GET at each
#             concurrency, the floor's and the peer's beside Kiln's
#   ingest    the floor and webhook-service alone: signed webhooks for recorded dispatches, the floor's POST beside
#   pipeline  the five services: submit -> succeeded with the stored image, IN_FLIGHT at once, the simulator's
#             run time scaled to ~0
# Each phase has topics of its own (bench-<run>-<phase>.<topic>, deleted at the end) and consumer groups of its own,
# so that it shares no record with a running stack or with another phase.
#
# Environment (./stack bench sets the first ones):
#   KILN_BENCH_JAVA_OPTS          the services' JVM flags (./stack's KILN_SERVICE_JAVA_OPTS or its default)
#   KAFKA_BOOTSTRAP_SERVERS, KILN_REDIS_PORT, KILN_POSTGRES_PORT, KILN_S3_ENDPOINT   the infrastructure
#   KILN_BENCH_PORT_OFFSET        added to each service's port (default 0: 8080...8090, the floor on 8091); e.g. 10000
#                                 runs the bench beside a ./stack up
#   KILN_BENCH_CONNECTIONS        default "8 64 256"
#   KILN_BENCH_DURATION           seconds per measurement (default 15); KILN_BENCH_WARMUP seconds per warm-up (15)
#   KILN_BENCH_PIPELINE           predictions of the pipeline run (default 500; 0 skips the phase), 100 in flight
#   KILN_BENCH_PIPELINE_ALONE     predictions run one at a time before it (default 50; 0 skips): the overhead alone
#   KILN_BENCH_IN_FLIGHT          predictions seeded in flight for the status GET beside the empty system's (default
#                                 500000; 0 skips it); needs redis-cli and psql
#   KILN_BENCH_PIPELINE_POLL      how the pipeline's clients learn the end: wait (default: Prefer: wait=60 on the
#                                 submit) or a polling interval in ms (what the first runs did: 10)
#   KILN_BENCH_PHASES             the phases to run (default "submit ingest pipeline"); e.g. "pipeline" while working
#                                 on one (then no report: only results.csv)
#   KILN_BENCH_REDIS_DB           the Redis database index of the bench's services (default 1; emptied at the start and
#                                 the end, so never 0, the stack's)
#   KILN_BENCH_RESULTS            where results.csv, results.json and meta.properties go (default bench/results)
#   KILN_BENCH_JFR=1              a Flight Recorder profile of every service, bench/target/run/<service>-<n>.jfr
#                                 (jfr print --events jdk.ExecutionSample ...); it costs a few percent
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# ./stack's helpers and settings (spawn, stop_component, prop, svc_props, PORTS...); it runs nothing when sourced.
# shellcheck source=../stack
source "$BENCH_DIR/../stack"

say()  { printf '%s[bench %3ds]%s %s\n' "$BOLD" "$SECONDS" "$RESET" "$*"; }

: "${KILN_BENCH_JAVA_OPTS:?run the bench with ./stack bench (it passes the services JVM flags)}"
OFFSET=${KILN_BENCH_PORT_OFFSET:-0}
read -r -a CONNECTIONS <<< "${KILN_BENCH_CONNECTIONS:-8 64 256}"
DURATION=${KILN_BENCH_DURATION:-15} WARMUP=${KILN_BENCH_WARMUP:-15}
PIPELINE=${KILN_BENCH_PIPELINE:-500} PIPELINE_ALONE=${KILN_BENCH_PIPELINE_ALONE:-50} IN_FLIGHT=100 POLL_MS=${KILN_BENCH_PIPELINE_POLL:-wait}
read -r -a PHASES <<< "${KILN_BENCH_PHASES:-submit ingest pipeline}"
export KILN_BENCH_IN_FLIGHT=${KILN_BENCH_IN_FLIGHT:-500000}
# The bench's Redis database (an index of the same server): emptied at the start and at the end, so that what one run
# writes (a million keys and more: statuses, histories, the dispatch queue, the floor's and the peer's) never burdens
# the next run or a ./stack up beside it, whose services use database 0.
export KILN_BENCH_REDIS_DB=${KILN_BENCH_REDIS_DB:-1}
SEEDED=0   # how many of them are in Redis and kiln_gateway now (finish removes them)
RESULTS="${KILN_BENCH_RESULTS:-$BENCH_DIR/results}"
KEYCLOAK_URL="http://localhost:$KEYCLOAK_PORT"
# The bench's anonymous caller: an address of TEST-NET-1 sent as X-Forwarded-For (the local profile trusts 127.0.0.1
# as a proxy), so that its limits' keys and its predictions are the bench's own, and the bench gateway's sweeps take
# nothing else (kiln.gateway.sweep-owners).
export KILN_BENCH_ADDRESS=192.0.2.99
RUN_ID="bench-$(date +%s)"
FLOOR_JAR="$BENCH_DIR/target/quarkus-app/quarkus-run.jar"
KAFKA_CLIENTS="$BENCH_DIR/target/quarkus-app/lib/main/*"
WORK="$BENCH_DIR/target/run" CSV="$RESULTS/results.csv"
RUN="$WORK/pids" LOGS="$WORK/logs"   # spawn's and stop_component's places: the bench's, not ./stack's
STOP_TIMEOUT=20
PORTS[floor]=8091 PORTS[peer]=8092
BENCH_SERVICES=(floor peer "${SERVICES[@]}")
PEER_QUEUE="$RUN_ID-peer"
for name in "${BENCH_SERVICES[@]}"; do PORTS[$name]=$(( ${PORTS[$name]%% *} + OFFSET )); done
url() { echo "http://localhost:${PORTS[$1]}"; }
SECRET="whsec_$(head -c 32 /dev/urandom | base64)"   # the simulator signs with it, webhook-service verifies with it

# --- results: results.csv is "metric,subject,connections,value", one measurement a line ----------------------------
record() { echo "$1,$2,${3:-},$4" >> "$CSV"; }
# CPU seconds (user + system) a process has used, from /proc; RSS and peak RSS in MB.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); print ($12 + $13) / hz }' "/proc/$1/stat"; }
rss_mb() { awk -v field="$2" '$1 == field":" { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
pid_of() { our_pid "$1" || die "$1 is not running (log: ${LOGS#"$ROOT/"}/$1.log)"; }

# settle PID: waits (at most 60 s) until the process uses under a tenth of a core, so that a measurement does not pay
# for the work the one before it left behind (the gateway writes the durable records of a submit run's predictions for
# a while after it; a status GET measured meanwhile shares the cores with that).
settle() {
  local pid=$1 waited=0 before after
  while ((waited < 60)); do
    before=$(cpu_seconds "$pid"); sleep 1; after=$(cpu_seconds "$pid"); waited=$((waited + 1))
    awk -v a="$before" -v b="$after" 'BEGIN { exit !(b - a < 0.1) }' && break
  done
  ((waited < 60)) || warn "$(tr '\0' ' ' < "/proc/$pid/cmdline" | cut -c1-60) still busy after 60 s"
}

# measure NAME CONNECTIONS SERVICE SCRIPT URL: one wrk run, once SERVICE is idle; its throughput, latencies and errors,
# and SERVICE's CPU.
measure() {
  local name=$1 connections=$2 service=$3 script=$4 target=$5 pid before after out line
  pid=$(pid_of "$service"); settle "$pid"; before=$(cpu_seconds "$pid")
  out=$(wrk -t2 -c"$connections" -d"${DURATION}s" --latency -s "$WORK/$script" "$target" 2>&1) || { echo "$out" >&2; die "wrk failed ($name)"; }
  after=$(cpu_seconds "$pid")
  line=$(grep '^BENCH-RESULT' <<< "$out") || { echo "$out" >&2; die "wrk printed no result ($name)"; }
  # shellcheck disable=SC2086
  local $(sed 's/^BENCH-RESULT //' <<< "$line")
  local seconds; seconds=$(awk -v us="$duration_us" 'BEGIN { print us / 1e6 }')
  record rps "$name" "$connections" "$(awk -v n="$requests" -v s="$seconds" 'BEGIN { printf "%.1f", n / s }')"
  for p in p50 p90 p99 max; do local v="${p}_us"; record "${p}_ms" "$name" "$connections" "$(awk -v us="${!v}" 'BEGIN { printf "%.2f", us / 1000 }')"; done
  record errors_4xx_5xx "$name" "$connections" "$status_errors"
  record errors_5xx "$name" "$connections" "$server_errors"
  record socket_errors "$name" "$connections" "$socket_errors"
  record cpu_percent "$name" "$connections" "$(awk -v a="$before" -v b="$after" -v s="$seconds" 'BEGIN { printf "%.0f", (b - a) / s * 100 }')"
  record rss_mb "$name" "$connections" "$(rss_mb "$pid" VmRSS)"
  say "$(printf '%-20s %3d connections: %8.0f/s  p50 %6.1f ms  p99 %7.1f ms  4xx/5xx %s  5xx %s  socket errors %s' "$name" "$connections" \
    "$(awk -v n="$requests" -v s="$seconds" 'BEGIN { print n / s }')" "$(awk -v us="$p50_us" 'BEGIN { print us / 1000 }')" \
    "$(awk -v us="$p99_us" 'BEGIN { print us / 1000 }')" "$status_errors" "$server_errors" "$socket_errors")"
}
warm_up() {   # warm_up SERVICE SCRIPT URL: the JIT compiles the hot paths before anything is measured
  say "warming up $1 (${WARMUP}s, 64 connections)"
  wrk -t2 -c64 -d"${WARMUP}s" -s "$WORK/$2" "$3" >/dev/null 2>&1 || die "wrk failed warming up $1"
}
# The wrk scripts with bench/wrk/report.lua in front (its done() prints the BENCH-RESULT line).
wrk_scripts() { local s; for s in submit get webhooks in-flight; do cat "$BENCH_DIR/wrk/report.lua" "$BENCH_DIR/wrk/$s.lua" > "$WORK/$s.lua"; done; }

# --- services ------------------------------------------------------------------------------------------------------
# Topic and consumer-group overrides of a service for a phase: every topic its channels name gets the phase's prefix,
# every group the run's suffix (the keys as dev.kiln.testing.TestTopics finds them).
isolation() {
  local file=$2 key value
  [[ -f $file ]] || file=$(svc_props "$2")
  ! grep -q '^quarkus.redis.hosts=' "$file" || echo "-Dquarkus.redis.hosts=redis://localhost:${KILN_REDIS_PORT:-6379}/$KILN_BENCH_REDIS_DB"
  while IFS='=' read -r key value; do
    if [[ $key == *group.id ]]; then echo "-D$key=$value-$RUN_ID"; else echo "-D$key=$1$value"; fi
  done < <(grep -E '^mp\.messaging\.(incoming|outgoing)\.[^.]+\.(topic|dead-letter-queue\.topic)=|^mp\.messaging\.(connector\.smallrye-kafka|incoming\.[^.]+)\.group\.id=' "$file")
}
# start_bench NAME PHASE-PREFIX [JAVA -D ARGS...]: starts it and records its ready time, spawn to /q/health/ready.
start_bench() {
  local name=$1 prefix=$2 jar props started; shift 2
  if [[ $name == floor ]]; then jar=$FLOOR_JAR props="$BENCH_DIR/src/main/resources/application.properties"
  else jar=$(svc_jar "$name") props=$(svc_props "$name"); fi
  say "starting $name on port ${PORTS[$name]}"
  started=$(now_ms)
  local profile=()
  [[ ${KILN_BENCH_JFR:-0} != 1 ]] || profile=(-XX:StartFlightRecording=name=bench,settings=profile)
  # shellcheck disable=SC2046,SC2086
  spawn "$name" "$ROOT" env QUARKUS_PROFILE=local java $KILN_BENCH_JAVA_OPTS "${profile[@]}" -Dquarkus.http.port="${PORTS[$name]}" \
    $(isolation "$prefix" "$props") "$@" -jar "$jar"
  local deadline=$((SECONDS + READY_TIMEOUT))
  until http_ok "$(url "$name")/q/health/ready"; do
    our_pid "$name" >/dev/null || { show_log_tail "$name"; die "$name exited during startup (log: ${LOGS#"$ROOT/"}/$name.log)"; }
    ((SECONDS < deadline)) || { show_log_tail "$name"; die "$name not ready after ${READY_TIMEOUT}s"; }
    sleep 0.1
  done
  local ready_s; ready_s=$(awk -v ms=$(( $(now_ms) - started )) 'BEGIN { printf "%.1f", ms / 1000 }')
  record ready_s "$name" "" "$ready_s"
  say "$name ready in ${ready_s}s"
}
# The peer (bench/peer: Fastify + BullMQ on node, the same Redis), ready when /health answers; left out with a
# warning when node is missing (./stack test needs node anyway, ./stack bench does not).
start_peer() {
  local started deadline
  command -v node >/dev/null || { warn "node is missing: the peer (bench/peer) is left out"; return 1; }
  (cd "$BENCH_DIR/peer" && npm ci --no-audit --no-fund --silent) || { warn "npm ci failed in bench/peer: the peer is left out"; return 1; }
  say "starting peer on port ${PORTS[peer]}"
  started=$(now_ms) deadline=$((SECONDS + READY_TIMEOUT))
  spawn peer "$BENCH_DIR/peer" env PEER_PORT="${PORTS[peer]}" PEER_QUEUE="$PEER_QUEUE" KILN_REDIS_PORT="${KILN_REDIS_PORT:-6379}" KILN_REDIS_DB="$KILN_BENCH_REDIS_DB" node server.js
  until http_ok "$(url peer)/health"; do
    our_pid peer >/dev/null || { show_log_tail peer; warn "the peer exited during startup: left out"; return 1; }
    ((SECONDS < deadline)) || { show_log_tail peer; die "the peer not ready after ${READY_TIMEOUT}s"; }
    sleep 0.1
  done
  record ready_s peer "" "$(awk -v ms=$(( $(now_ms) - started )) 'BEGIN { printf "%.1f", ms / 1000 }')"
}
# Its queue's jobs and keys, gone (they live in the shared Redis under kiln:bench:peer:).
forget_peer_queue() { (cd "$BENCH_DIR/peer" && [[ -d node_modules ]] && PEER_QUEUE="$PEER_QUEUE" KILN_REDIS_PORT="${KILN_REDIS_PORT:-6379}" KILN_REDIS_DB="$KILN_BENCH_REDIS_DB" node server.js --obliterate) >/dev/null 2>&1 || true; }
stop_bench() {   # stop_bench NAME...: their peak RSS first
  local name pid
  for name in "$@"; do
    pid=$(our_pid "$name") || continue
    record peak_rss_mb "$name" "" "$(rss_mb "$pid" VmHWM)"
    [[ ${KILN_BENCH_JFR:-0} != 1 ]] || jcmd "$pid" JFR.dump name=bench filename="$WORK/$name-$SECONDS.jfr" >/dev/null \
      || warn "no JFR dump of $name"
  done
  stop_all "$@"
}
# The gateway with the limits lifted for the run (a bench caller submits far past 20 a minute and 5 in flight), its
# sweeps limited to the bench's own callers, and the provider and webhook URLs of the bench's simulator and
# webhook-service.
GATEWAY_SETTINGS=(-Dkiln.gateway.limits.rate.submissions=1000000000 -Dkiln.gateway.limits.in-flight.max=1000000000
  -Dkiln.gateway.limits.anonymous-quota.submissions=1000000000 -Dkiln.gateway.status-ttl=1h
  "-Dkiln.gateway.public-url=$(url gateway-service)" "-Dquarkus.rest-client.provider.url=$(url provider-simulator)"
  "-Dkiln.provider.webhook-url=$(url webhook-service)/v1/webhooks/replicate"
  # The database is shared with whatever else runs here: a newer gateway may have applied a migration this build does
  # not have yet, which Flyway's validation would refuse at start.
  "-Dquarkus.flyway.ignore-migration-patterns=*:future")

# --- the phases ----------------------------------------------------------------------------------------------------
submit_phase() {
  local prefix="$RUN_ID-submit." c id floor_id peer_id="" peer=0
  say "phase submit: the floor, the peer and gateway-service alone"
  start_bench floor "$prefix" "-Dmp.messaging.outgoing.bench-floor.topic=${prefix}floor"
  BENCH_USER=$(java "$BENCH_DIR/tools/BenchUser.java" "$KEYCLOAK_URL" sub) || die "could not sign in the bench user at $KEYCLOAK_URL"
  start_bench gateway-service "$prefix" "${GATEWAY_SETTINGS[@]}" "-Dkiln.gateway.sweep-owners=anonymous:$KILN_BENCH_ADDRESS,$BENCH_USER"
  floor_id=$(curl -fsS "$(url floor)/floor" -H 'Content-Type: application/json' -d '{"bench":true}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
  id=$(curl -fsS "$(url gateway-service)/v1/predictions" -H 'Content-Type: application/json' -H "X-Forwarded-For: $KILN_BENCH_ADDRESS" \
    -d '{"task":"jersey","mode":"speed","input":{"prompt":"bench"}}' | sed 's/^{"id":"\([^"]*\)".*/\1/')
  [[ -n $floor_id && -n $id ]] || die "no first floor record or prediction to read"
  if start_peer; then
    peer_id=$(curl -fsS "$(url peer)/v1/predictions" -H 'Content-Type: application/json' \
      -d '{"task":"jersey","mode":"speed","input":{"prompt":"bench"}}' | sed 's/^{"id":"\([^"]*\)".*/\1/')
    [[ -n $peer_id ]] || die "no first peer prediction to read"
    peer=1
    warm_up peer submit.lua "$(url peer)/v1/predictions"
    warm_up peer get.lua "$(url peer)/v1/predictions/$peer_id"
  fi
  warm_up floor submit.lua "$(url floor)/floor"
  warm_up gateway-service submit.lua "$(url gateway-service)/v1/predictions"
  warm_up floor get.lua "$(url floor)/floor/$floor_id"
  warm_up gateway-service get.lua "$(url gateway-service)/v1/predictions/$id"
  for c in "${CONNECTIONS[@]}"; do
    measure floor-post "$c" floor submit.lua "$(url floor)/floor"
    ((peer == 0)) || measure peer-post "$c" peer submit.lua "$(url peer)/v1/predictions"
    measure submit-anonymous "$c" gateway-service submit.lua "$(url gateway-service)/v1/predictions"
    # A fresh token each time: Keycloak's live 15 minutes.
    KILN_BENCH_TOKEN=$(java "$BENCH_DIR/tools/BenchUser.java" "$KEYCLOAK_URL") || die "could not sign in the bench user"
    export KILN_BENCH_TOKEN
    measure submit-token "$c" gateway-service submit.lua "$(url gateway-service)/v1/predictions"
    unset KILN_BENCH_TOKEN
    measure floor-get "$c" floor get.lua "$(url floor)/floor/$floor_id"
    ((peer == 0)) || measure peer-get "$c" peer get.lua "$(url peer)/v1/predictions/$peer_id"
    measure status-get "$c" gateway-service get.lua "$(url gateway-service)/v1/predictions/$id"
  done
  in_flight_status "$id"
  stop_bench gateway-service
  ((peer == 0)) || { stop_bench peer; forget_peer_queue; }
}

# Status GET with KILN_BENCH_IN_FLIGHT predictions in flight, beside the empty system's status-get just measured:
# copies of the phase's first prediction (starting, the bench caller's: no credits-service runs in this phase), written
# straight to Redis (their status hashes, bench/tools/in-flight.lua, 10,000 a call) and kiln_gateway (their durable
# records, bench/tools/in-flight.sql, where the gateway's backlog gauges and sweeps meet them), read at random
# (bench/wrk/in-flight.lua), then removed before the next phase.
psql_gateway() { PGPASSWORD=kiln psql -X -q -v ON_ERROR_STOP=1 -h localhost -p "${KILN_POSTGRES_PORT:-5432}" -U kiln -d kiln_gateway "$@"; }
bench_redis() { redis-cli -p "${KILN_REDIS_PORT:-6379}" -n "$KILN_BENCH_REDIS_DB" "$@"; }
redis_in_flight() { bench_redis EVAL "$(cat "$BENCH_DIR/tools/in-flight.lua")" 0 "$@" >/dev/null; }
in_flight_status() {
  local template=$1 n c batch=10000 deadline=$((SECONDS + 60))
  ((KILN_BENCH_IN_FLIGHT > 0)) || { say "status GET in flight skipped (KILN_BENCH_IN_FLIGHT=0)"; return 0; }
  command -v redis-cli >/dev/null && command -v psql >/dev/null || { warn "redis-cli or psql missing: status GET in flight left out"; return 0; }
  until [[ "$(psql_gateway -tAc "SELECT count(*) FROM predictions WHERE id = '$template'")" == 1 ]]; do
    ((SECONDS < deadline)) || die "the durable record of $template never came"
    sleep 0.2
  done
  say "seeding $KILN_BENCH_IN_FLIGHT predictions in flight (copies of $template) into Redis and kiln_gateway"
  SEEDED=$KILN_BENCH_IN_FLIGHT
  for ((n = 0; n < KILN_BENCH_IN_FLIGHT; n += batch)); do
    redis_in_flight seed "$template" "$n" "$(( KILN_BENCH_IN_FLIGHT - n < batch ? KILN_BENCH_IN_FLIGHT - n : batch ))" 3600 || die "could not seed Redis"
  done
  psql_gateway -v template="$template" -v first=0 -v count="$KILN_BENCH_IN_FLIGHT" -f "$BENCH_DIR/tools/in-flight.sql" || die "could not seed kiln_gateway"
  say "seeded; warming up"
  warm_up gateway-service in-flight.lua "$(url gateway-service)"
  for c in "${CONNECTIONS[@]}"; do measure status-get-in-flight "$c" gateway-service in-flight.lua "$(url gateway-service)"; done
  unseed_in_flight
}
unseed_in_flight() {
  local n batch=10000
  ((SEEDED > 0)) || return 0
  say "removing the $SEEDED predictions in flight"
  for ((n = 0; n < SEEDED; n += batch)); do redis_in_flight unseed - "$n" "$batch" 0 || warn "could not remove seeded keys from Redis"; done
  psql_gateway -c "DELETE FROM predictions WHERE id LIKE 'zzzbench%'" || warn "could not remove the seeded predictions from kiln_gateway"
  SEEDED=0
}

# Webhooks for dispatches recorded straight in webhook-service's table (as the gateway's prediction.dispatched would
# have them recorded), due for no recovery check during the run, deleted afterwards.
DISPATCHES=1000
psql_webhook() { PGPASSWORD=kiln psql -X -q -v ON_ERROR_STOP=1 -h localhost -p "${KILN_POSTGRES_PORT:-5432}" -U kiln -d kiln_webhook "$@"; }
seed_dispatches() {
  psql_webhook -c "INSERT INTO dispatches (provider, provider_prediction_id, prediction_id, attempt, model, dispatched_at, check_after)
    SELECT 'replicate', '$RUN_ID-' || n, '$RUN_ID-prediction-' || n, 1, 'kiln/jersey-speed', now(), now() + interval '1 day'
    FROM generate_series(0, $DISPATCHES - 1) AS n" >/dev/null || die "could not record the bench's dispatches in kiln_webhook"
}
# The predictions the bench submitted, from the gateway's tables: left there, a running stack's deadline sweep would
# end them half an hour later and publish their outcomes on its own topics.
BENCH_USER=""
forget_predictions() {
  local owners="'anonymous:$KILN_BENCH_ADDRESS'"
  [[ -z $BENCH_USER ]] || owners+=",'$BENCH_USER'"
  PGPASSWORD=kiln psql -X -q -h localhost -p "${KILN_POSTGRES_PORT:-5432}" -U kiln -d kiln_gateway \
    -c "DELETE FROM dispatches WHERE prediction_id IN (SELECT id FROM predictions WHERE owner IN ($owners))" \
    -c "DELETE FROM predictions WHERE owner IN ($owners)" >/dev/null 2>&1 || warn "could not delete the bench's predictions from kiln_gateway"
}
unseed_dispatches() { psql_webhook -c "DELETE FROM dispatches WHERE provider_prediction_id LIKE '$RUN_ID-%'" >/dev/null 2>&1 || true; }
signed_webhooks() {   # enough signed deliveries for one run at up to 8,000/s, a file per wrk thread
  java "$BENCH_DIR/tools/SignedWebhooks.java" "$SECRET" "$RUN_ID-" "$DISPATCHES" $(( ${1:-$DURATION} * 4000 )) 2 "$WORK/webhooks"
}
ingest_phase() {
  local prefix="$RUN_ID-ingest." c webhooks_url
  say "phase ingest: the floor and webhook-service alone"
  our_pid floor >/dev/null || start_bench floor "$prefix" "-Dmp.messaging.outgoing.bench-floor.topic=${prefix}floor"
  start_bench webhook-service "$prefix" "-Dkiln.webhook.providers.replicate.secrets=$SECRET" \
    "-Dkiln.webhook.providers.replicate.api-url=$(url provider-simulator)" -Dkiln.webhook.recovery.interval=1h
  # After the start: on a fresh machine the table exists only once webhook-service's migrations have run.
  seed_dispatches
  webhooks_url="$(url webhook-service)/v1/webhooks/replicate"
  export KILN_BENCH_WEBHOOKS="$WORK/webhooks"
  signed_webhooks "$WARMUP"; warm_up webhook-service webhooks.lua "$webhooks_url"
  for c in "${CONNECTIONS[@]}"; do
    measure floor-post-ingest "$c" floor submit.lua "$(url floor)/floor"
    signed_webhooks; measure webhooks "$c" webhook-service webhooks.lua "$webhooks_url"
  done
  rm -f "$WORK"/webhooks-*
  stop_bench webhook-service floor
  unseed_dispatches
}

# pipeline_run PREFIX PREDICTIONS IN_FLIGHT: one run of bench/tools/Pipeline.java, its figures and its stage times
# (each step's first record on the phase's topics, as the time since its prediction.requested), recorded under
# IN_FLIGHT.
pipeline_run() {
  local prefix=$1 predictions=$2 in_flight=$3 line key value stage from to
  from=$(now_ms)
  line=$(java "$BENCH_DIR/tools/Pipeline.java" "$(url gateway-service)" "$predictions" "$in_flight" "$POLL_MS" "$KILN_BENCH_ADDRESS" \
    "$(url provider-simulator)" | grep '^BENCH-PIPELINE') || die "the pipeline run printed no result"
  to=$(now_ms)
  say "pipeline, $in_flight in flight: ${line#BENCH-PIPELINE }"
  for pair in ${line#BENCH-PIPELINE }; do key=${pair%%=*} value=${pair#*=}; record "pipeline_$key" pipeline "$in_flight" "$value"; done
  while read -r stage; do
    say "  ${stage#BENCH-STAGE }"
    set -- ${stage#BENCH-STAGE }
    local type=$1; shift
    for pair in "$@"; do key=${pair%%=*} value=${pair#*=}; record "stage_$key" "pipeline:$type" "$in_flight" "$value"; done
  done < <(java -cp "$KAFKA_CLIENTS" "$BENCH_DIR/tools/PipelineStages.java" "$KAFKA_BOOTSTRAP_SERVERS" "$prefix" "$from" "$to" 2>/dev/null \
    | grep '^BENCH-STAGE' || warn "no stages read from the pipeline's topics")
}

pipeline_phase() {
  local prefix="$RUN_ID-pipeline." s pids=() before=() line
  ((PIPELINE > 0)) || { say "phase pipeline skipped (KILN_BENCH_PIPELINE=0)"; return 0; }
  say "phase pipeline: the five services, the simulator's run time scaled to ~0"
  # One at a time, so that each ready time is the service's own.
  start_bench provider-simulator "$prefix" -Dkiln.simulator.time-scale=0.0001 "-Dkiln.simulator.public-url=$(url provider-simulator)" \
    "-Dkiln.simulator.webhook-secret=$SECRET"
  start_bench webhook-service "$prefix" "-Dkiln.webhook.providers.replicate.secrets=$SECRET" \
    "-Dkiln.webhook.providers.replicate.api-url=$(url provider-simulator)" -Dkiln.webhook.recovery.interval=1h
  start_bench storage-service "$prefix" "-Dkiln.storage.fetch.allowed-hosts=localhost:${PORTS[provider-simulator]}"
  # The backstop refunds old reservations of the shared database: not the bench's to do.
  start_bench credits-service "$prefix" -Dkiln.credits.backstop.every=off
  start_bench gateway-service "$prefix" "${GATEWAY_SETTINGS[@]}" "-Dkiln.gateway.sweep-owners=anonymous:$KILN_BENCH_ADDRESS"
  local warm_up=$(( PIPELINE / 2 < 200 ? PIPELINE / 2 : 200 ))
  say "pipeline warm-up: $warm_up predictions"
  java "$BENCH_DIR/tools/Pipeline.java" "$(url gateway-service)" "$warm_up" "$IN_FLIGHT" "$POLL_MS" "$KILN_BENCH_ADDRESS" "$(url provider-simulator)" >/dev/null
  # One prediction at a time first: Kiln's own overhead, with no queue in front of any step; then IN_FLIGHT at once.
  ((PIPELINE_ALONE == 0)) || pipeline_run "$prefix" "$PIPELINE_ALONE" 1
  for s in "${SERVICES[@]}"; do pids+=("$(pid_of "$s")"); before+=("$(cpu_seconds "${pids[-1]}")"); done
  local started; started=$(now_ms)
  pipeline_run "$prefix" "$PIPELINE" "$IN_FLIGHT"
  local seconds; seconds=$(awk -v ms=$(( $(now_ms) - started )) 'BEGIN { print ms / 1000 }')
  for i in "${!SERVICES[@]}"; do
    record cpu_percent "pipeline:${SERVICES[$i]}" "$IN_FLIGHT" "$(awk -v a="${before[$i]}" -v b="$(cpu_seconds "${pids[$i]}")" -v s="$seconds" 'BEGIN { printf "%.0f", (b - a) / s * 100 }')"
    record rss_mb "pipeline:${SERVICES[$i]}" "$IN_FLIGHT" "$(rss_mb "${pids[$i]}" VmRSS)"
  done
  stop_bench "${SERVICES[@]}"
}

# --- the run -------------------------------------------------------------------------------------------------------
finish() {
  local rc=$? name running=()
  trap - EXIT INT TERM
  for name in "${BENCH_SERVICES[@]}"; do our_pid "$name" >/dev/null && running+=("$name"); done
  ((${#running[@]} == 0)) || stop_all "${running[@]}"
  unseed_dispatches; unseed_in_flight; forget_predictions; forget_peer_queue
  bench_redis FLUSHDB >/dev/null || warn "could not empty Redis database $KILN_BENCH_REDIS_DB"
  java -cp "$KAFKA_CLIENTS" "$BENCH_DIR/tools/BenchTopics.java" delete "$KAFKA_BOOTSTRAP_SERVERS" "$RUN_ID-" 2>/dev/null | tail -1 || true
  exit "$rc"
}
main_bench() {
  local name
  command -v wrk >/dev/null || die "wrk is missing (./stack bench installs it: apt-get install -y wrk)"
  [[ -f $FLOOR_JAR ]] || die "the floor is not built: ./mvnw -Pbench -DskipTests package -pl bench"
  for name in "${BENCH_SERVICES[@]}"; do
    ! port_listening "${PORTS[$name]}" || die "port ${PORTS[$name]} ($name) is in use by $(port_owner "${PORTS[$name]}"): ./stack stop first, or run the bench beside it with KILN_BENCH_PORT_OFFSET=10000"
  done
  mkdir -p "$RUN" "$LOGS" "$RESULTS"
  wrk_scripts
  echo "metric,subject,connections,value" > "$CSV"
  {
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
    echo "cores=$(nproc)"
    echo "memory_gb=$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)"
    echo "java=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')"
    echo "java_opts=$KILN_BENCH_JAVA_OPTS"
    echo "malloc_arena_max=${MALLOC_ARENA_MAX:-}"
    echo "wrk=$(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
    echo "in_flight=$KILN_BENCH_IN_FLIGHT"
    echo "duration_s=$DURATION"
    echo "warmup_s=$WARMUP"
    echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  } > "$RESULTS/meta.properties"
  ((KILN_BENCH_REDIS_DB > 0)) || die "KILN_BENCH_REDIS_DB=0 is the stack's Redis database: the bench empties its own"
  bench_redis FLUSHDB >/dev/null || die "could not empty Redis database $KILN_BENCH_REDIS_DB"
  trap finish EXIT
  trap 'warn "interrupted"; exit 130' INT TERM
  java -cp "$KAFKA_CLIENTS" "$BENCH_DIR/tools/BenchTopics.java" create "$KAFKA_BOOTSTRAP_SERVERS" "$ROOT/deploy/kafka/topics.txt" \
    "$RUN_ID-submit." "$RUN_ID-ingest." "$RUN_ID-pipeline." 2>/dev/null | tail -1 || die "could not create the bench's topics"
  local phase
  for phase in "${PHASES[@]}"; do
    case $phase in
      submit|ingest|pipeline) "${phase}_phase" ;;
      *) die "KILN_BENCH_PHASES: no phase '$phase' (submit, ingest, pipeline)" ;;
    esac
  done
  echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS/meta.properties"
  if [[ ${PHASES[*]} != "submit ingest pipeline" ]]; then
    say "bench done in ${SECONDS}s (phases ${PHASES[*]}: no report; ${RESULTS#"$ROOT/"}/results.csv has the figures)"
    return 0
  fi
  java "$BENCH_DIR/tools/Report.java" "$RESULTS" "$ROOT/docs/benchmarks" || die "the report failed"
  say "bench done in ${SECONDS}s: docs/benchmarks/README.md, docs/benchmarks/bench.png, ${RESULTS#"$ROOT/"}/results.{csv,json}"
}
main_bench "$@"
