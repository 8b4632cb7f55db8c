-- bench/run.sh's predictions in flight, in Redis: copies of one prediction's status hash under ids of their own, or
-- their removal. ARGV: "seed" or "unseed", the template's id, the first n, how many, the TTL in seconds. Ids are
-- "zzzbench" and n in base32 (a..z, 2..7), 26 characters (bench/wrk/in-flight.lua reads them the same way). Run in
-- batches, so that Redis, which the running stack shares, is never held for long.
local alphabet = "abcdefghijklmnopqrstuvwxyz234567"
local function id_of(n)
  local digits = {}
  for i = 18, 1, -1 do
    local d = n % 32
    digits[i] = string.sub(alphabet, d + 1, d + 1)
    n = (n - d) / 32
  end
  return "zzzbench" .. table.concat(digits)
end

local action, template_id = ARGV[1], ARGV[2]
local first, count, ttl = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
if action == "unseed" then
  for n = first, first + count - 1 do redis.call('DEL', 'kiln:prediction:' .. id_of(n)) end
  return count
end
local template = redis.call('HGETALL', 'kiln:prediction:' .. template_id)
if #template == 0 then return redis.error_reply('no status hash kiln:prediction:' .. template_id) end
for n = first, first + count - 1 do
  local id = id_of(n)
  local fields = {}
  for i = 1, #template, 2 do
    fields[i] = template[i]
    fields[i + 1] = (string.gsub(template[i + 1], template_id, id))
  end
  local key = 'kiln:prediction:' .. id
  redis.call('HSET', key, unpack(fields))
  redis.call('EXPIRE', key, ttl)
end
return count
