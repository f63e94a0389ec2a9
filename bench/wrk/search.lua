-- Name-fragment search: GET /api/patients?query=<fragment> with fragments of real-looking names.
local token = os.getenv("TOKEN")
local fragments = { "bra", "tro", "lea", "son", "chai", "ava", "mar", "dre", "kri", "sha", "ton", "ley",
  "ber", "nor", "lia", "pri", "gra", "sto", "mei", "osk", "hugo", "zoe", "rav", "tom", "ell", "ste", "fra",
  "vou", "wie", "dou", "ckm", "ngb", "tha", "lon", "rie", "bai", "sea", "pai", "kou", "mie" }

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed or os.time())
end

function request()
  local f = fragments[math.random(#fragments)]
  return wrk.format("GET", "/api/patients?size=20&query=" .. f, { ["Authorization"] = "Bearer " .. token })
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
