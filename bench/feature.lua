-- wrk script: GET /api/v1/features/KEY with an API token, for 10,000 random
-- keys of the benchmark workspace (4 products, N/4 features each). The
-- requests are formatted once, up front, so the client spends per request no
-- more than it does for a static URL; formatting each one in request() cost
-- wrk almost half its throughput on this 2-core machine.
local products = {"PAY", "INS", "MOB", "OPS"}
local per_product = math.floor(tonumber(os.getenv("BENCH_FEATURES") or "100000") / 4)
local requests = {}
local n = 0
-- Formatted in init(), once per thread: only then does wrk know the host, and
-- a request without a Host header is refused by a proxy (nginx: 400).
init = function(args)
  math.randomseed(42)
  for i = 1, 10000 do
    local key = products[math.random(1, 4)] .. "-" .. math.random(1, per_product)
    requests[i] = wrk.format("GET", "/api/v1/features/" .. key,
                             {["Host"] = wrk.host .. ":" .. wrk.port,
                              ["Authorization"] = "Bearer " .. os.getenv("KEEL_TOKEN")})
  end
end
request = function()
  n = n % 10000 + 1
  return requests[n]
end
