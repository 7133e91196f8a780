-- wrk script: POST the JSON file named by the BODY environment variable, with the bearer key in KEY (optional).
local file = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("KEY")
if key and #key > 0 then
  wrk.headers["Authorization"] = "Bearer " .. key
end

local statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("rps %.1f p50_ms %.2f p99_ms %.2f requests %d errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
