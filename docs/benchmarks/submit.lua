-- wrk script: POST /v1/predictions with a speed jersey (wrk -s submit.lua).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"task":"jersey","mode":"speed","input":{"prompt":"A bold home kit","team_name":"Kiln FC","player_name":"Ada","number":"10","primary_color":"#1E3A8A","secondary_color":"#F59E0B","style":"modern"}}'

local non2xx = 0
response = function(status, headers, body)
  if status ~= 202 then non2xx = non2xx + 1 end
end
