-- A signed-in browser's page views, with its session cookie (SESSION) and gzip like a browser:
--   PAGE=chart     GET /patients/{id} over random ids (IDS_FILE, one per line): the chart, audited
--   PAGE=finder    GET /patients/search?q=<three letters>: the finder's results, as typed
--   PAGE=schedule  GET /schedule: today's schedule of the signed-in clinician
local ids = {}
local page = os.getenv("PAGE") or "chart"
local cookie = "HOLI_SESSION=" .. os.getenv("SESSION")
local prefixes = {"ava", "lia", "may", "noa", "zoe", "oma", "len", "iva", "sof", "yuk", "ama", "luc", "chl", "mat",
  "pri", "jon", "ais", "leo", "nor", "hug", "emm", "oli", "eth", "mia", "ari", "mas", "lay", "eli", "lun", "jam",
  "gra", "kof", "mei", "arj", "fat", "die", "ing", "tar", "sve", "ros", "ken", "ami", "pab", "han", "rav", "ele"}

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  if page == "chart" then
    for line in io.lines(os.getenv("IDS_FILE")) do
      ids[#ids + 1] = line
    end
  end
  math.randomseed(seed or os.time())
end

function request()
  local path
  if page == "chart" then
    path = "/patients/" .. ids[math.random(#ids)]
  elseif page == "finder" then
    path = "/patients/search?q=" .. prefixes[math.random(#prefixes)]
  else
    path = "/schedule"
  end
  return wrk.format("GET", path, { ["Cookie"] = cookie, ["Accept-Encoding"] = "gzip", ["Accept"] = "text/html" })
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
