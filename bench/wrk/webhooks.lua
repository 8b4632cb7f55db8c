-- POST /v1/webhooks/replicate: signed Standard Webhooks deliveries, each with its own webhook-id (a repeated id is
-- answered as a duplicate, which costs less). bench/tools/SignedWebhooks.java writes them beforehand, one file per
-- wrk thread (KILN_BENCH_WEBHOOKS-<thread>): "id timestamp signature body" per line. A thread that has sent all of its
-- deliveries stops, and wrk reports the rate over the time it ran.
local deliveries = {}
local next_delivery = 1

function init(args)
  for line in io.lines(os.getenv("KILN_BENCH_WEBHOOKS") .. "-" .. id) do
    local webhook_id, timestamp, signature, body = line:match("^(%S+) (%S+) (%S+) (.*)$")
    deliveries[#deliveries + 1] = wrk.format("POST", nil, {
      ["Content-Type"] = "application/json",
      ["webhook-id"] = webhook_id,
      ["webhook-timestamp"] = timestamp,
      ["webhook-signature"] = signature,
    }, body)
  end
end

function request()
  local delivery = deliveries[next_delivery]
  next_delivery = next_delivery + 1
  if delivery == nil then
    wrk.thread:stop()
    return deliveries[1]
  end
  return delivery
end

function response(status, headers, body)
  server_errors = (server_errors or 0) + (status >= 500 and 1 or 0)
end
