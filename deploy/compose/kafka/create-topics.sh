#!/bin/bash
# docker-compose.yml's one-shot "kafka-topics": creates every topic of deploy/kafka/topics.txt ("name partitions",
# '#' starts a comment, partitions default to 1) and a one-partition "<name>.dlq" for each, as ./stack does with
# deploy/local/kafka/CreateTopics.java. Idempotent (--if-not-exists), so "docker compose up" may run it again.
# Replication factor and min.insync.replicas are the broker's defaults (one broker: 1 and 1).
set -euo pipefail
bootstrap="$1"
topics_file="$2"
kafka_topics="${KAFKA_TOPICS_COMMAND:-/opt/kafka/bin/kafka-topics.sh}"   # contract-tests stands in for it
create() {
  "$kafka_topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$1" --partitions "$2"
}
count=0
while read -r line || [[ -n "$line" ]]; do
  line="${line%%#*}"
  read -r name partitions _ <<<"$line" || true
  [[ -z "${name:-}" ]] && continue
  create "$name" "${partitions:-1}"
  create "$name.dlq" 1
  count=$((count + 2))
done < "$topics_file"
echo "topics: $count present"
