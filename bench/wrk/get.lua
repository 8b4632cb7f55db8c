-- GET of one resource (the URL given to wrk): a prediction's status, or the floor's record.
wrk.headers["X-Forwarded-For"] = os.getenv("KILN_BENCH_ADDRESS")

function response(status, headers, body)
  server_errors = (server_errors or 0) + (status >= 500 and 1 or 0)
end
