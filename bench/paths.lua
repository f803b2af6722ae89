-- wrk script: GET each path of the file named by $PATHS in turn (one a line,
-- already URL-encoded), with an API token; prints the latency percentiles of
-- the run (p50, p95, p99 in ms) at the end.
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
local i = 0
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KEEL_TOKEN")
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("percentiles_ms p50 %.2f p95 %.2f p99 %.2f requests %d errors %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
