-- GET of a random one of the predictions bench/run.sh seeded in flight (KILN_BENCH_IN_FLIGHT of them): their ids are
-- "zzzbench" and n in base32 (a..z, 2..7), 26 characters, as bench/tools/in-flight.lua writes them.
wrk.headers["X-Forwarded-For"] = os.getenv("KILN_BENCH_ADDRESS")
local count = tonumber(os.getenv("KILN_BENCH_IN_FLIGHT"))
local alphabet = "abcdefghijklmnopqrstuvwxyz234567"

local function id_of(n)
  local digits = {}
  for i = 18, 1, -1 do
    local d = n % 32
    digits[i] = alphabet:sub(d + 1, d + 1)
    n = (n - d) / 32
  end
  return "zzzbench" .. table.concat(digits)
end

function init(args)
  math.randomseed(os.time() + (id or 0))
end

function request()
  return wrk.format("GET", "/v1/predictions/" .. id_of(math.random(0, count - 1)))
end

function response(status, headers, body)
  server_errors = (server_errors or 0) + (status >= 500 and 1 or 0)
  not_found = (not_found or 0) + (status == 404 and 1 or 0)
end
