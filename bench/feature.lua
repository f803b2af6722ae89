-- wrk script: GET /api/v1/features/KEY for random keys of the benchmark
-- workspace (4 products, features numbered 1..N/4 each), with an API token.
local products = {"PAY", "INS", "MOB", "OPS"}
local per_product = math.floor(tonumber(os.getenv("BENCH_FEATURES") or "100000") / 4)
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KEEL_TOKEN")
request = function()
  local key = products[math.random(1, 4)] .. "-" .. math.random(1, per_product)
  return wrk.format("GET", "/api/v1/features/" .. key)
end
