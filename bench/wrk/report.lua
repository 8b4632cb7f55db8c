-- Prepended to every bench script by bench/run.sh: one machine-readable line after wrk's own summary.
-- Latencies in microseconds; "status" counts answers >= 400 (wrk's summary.errors.status), "server" those >= 500.
-- Each script's response() counts its 5xx in the global server_errors, which done() reads from every thread.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local server = 0
  for _, thread in ipairs(threads) do server = server + (thread:get("server_errors") or 0) end
  local e = summary.errors
  io.write(string.format("BENCH-RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d "
    .. "status_errors=%d server_errors=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, e.status, server, e.connect + e.read + e.write + e.timeout))
end
