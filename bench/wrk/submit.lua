-- POST /v1/predictions: a speed jersey, as the anonymous bench caller (X-Forwarded-For) or with a bearer token.
-- KILN_BENCH_TOKEN (optional) and KILN_BENCH_ADDRESS come from bench/run.sh.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Forwarded-For"] = os.getenv("KILN_BENCH_ADDRESS")
local token = os.getenv("KILN_BENCH_TOKEN")
if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
wrk.body = '{"task":"jersey","mode":"speed","input":{"prompt":"A bold home kit","team_name":"Kiln FC","player_name":"Ada","number":"10","primary_color":"#1E3A8A","secondary_color":"#F59E0B","style":"modern"}}'

function response(status, headers, body)
  server_errors = (server_errors or 0) + (status >= 500 and 1 or 0)
end
