-- Authenticated GET /api/patients/{id} over random ids (IDS_FILE, one per line), token from TOKEN;
-- READ_PREFIX=/fhir/Patient/ reads the same patients through FHIR.
local ids = {}
local token = os.getenv("TOKEN")
local prefix = os.getenv("READ_PREFIX") or "/api/patients/"

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  for line in io.lines(os.getenv("IDS_FILE")) do
    ids[#ids + 1] = line
  end
  math.randomseed(seed or os.time())
end

function request()
  local id = ids[math.random(#ids)]
  return wrk.format("GET", prefix .. id, { ["Authorization"] = "Bearer " .. token })
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
