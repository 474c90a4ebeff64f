-- wrk script of scripts/bench-load: one kind of request per wrk run (BENCH_KIND: read, edit or server),
-- answers counted per status and printed by done() as "status <code> <count>" lines.
local kind = os.getenv("BENCH_KIND") or "server"
local cookie = os.getenv("BENCH_COOKIE") or ""
local reports = {}
for uuid in string.gmatch(os.getenv("BENCH_REPORTS") or "", "%S+") do table.insert(reports, uuid) end

local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  sent = 0
  math.randomseed(id * 7919 + os.time())
end

function request()
  sent = sent + 1
  if kind == "server" then return wrk.format("GET", "/api/v3/server") end
  local uuid = reports[math.random(#reports)]
  if kind == "read" then return wrk.format("GET", "/api/v3/report/" .. uuid) end
  local body = string.format('{"comment": "load edit %d-%d"}', id, sent)
  return wrk.format("POST", "/api/v3/report/" .. uuid .. "/attribute/comment",
                    {["Content-Type"] = "application/json", ["Cookie"] = cookie}, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + count end
  end
  for status, count in pairs(total) do io.write(string.format("status %d %d\n", status, count)) end
  local errors = summary.errors
  io.write(string.format("errors %d\n", errors.connect + errors.read + errors.write + errors.timeout))
  io.write(string.format("p99_ms %.1f\n", latency:percentile(99) / 1000))
  io.write(string.format("p50_ms %.1f\n", latency:percentile(50) / 1000))
end
