-- The drills' steady load (bench/drills.sh): several clinicians (USERS_FILE: "token clinician-id patient-id..." per
-- line) reading their patients, writing notes and booking appointments, in the ratio 2 : 1 : 1. Every 2xx answer is
-- an audited access: its X-Request-Id goes to OUT_DIR/acknowledged-<thread>.txt, to be found in audit_logs afterwards.
-- Each answer that is not 2xx goes to OUT_DIR/failed-<thread>.txt with the second it came.
local users = {}
local thread_no = 0
local counter = 0
local acked, failed

function setup(thread)
  thread_no = thread_no + 1
  thread:set("no", thread_no)
end

function init(args)
  for line in io.lines(os.getenv("USERS_FILE")) do
    local fields = {}
    for f in line:gmatch("%S+") do fields[#fields + 1] = f end
    users[#users + 1] = { token = fields[1], clinician = fields[2], patients = { (unpack or table.unpack)(fields, 3) } }
  end
  local out = os.getenv("OUT_DIR")
  acked = io.open(out .. "/acknowledged-" .. no .. ".txt", "a")
  failed = io.open(out .. "/failed-" .. no .. ".txt", "a")
  math.randomseed(os.time() + no * 7919)
end

function request()
  counter = counter + 1
  local u = users[math.random(#users)]
  local patient = u.patients[math.random(#u.patients)]
  local headers = { ["Authorization"] = "Bearer " .. u.token, ["Content-Type"] = "application/json" }
  local kind = counter % 4
  if kind == 0 then
    return wrk.format("POST", "/api/patients/" .. patient .. "/notes", headers,
      string.format('{"text":"drill note %d-%d"}', no, counter))
  elseif kind == 1 then
    -- a slot nobody else books: drill, thread and counter make it unique within the five years ahead holi
    -- accepts (5-minute steps from SLOT_BASE, six months ahead; 20,000 per thread and drill)
    local slot = ((tonumber(os.getenv("DRILL")) - 1) * 2 + (no - 1)) * 20000 + counter
    local t = tonumber(os.getenv("SLOT_BASE")) + slot * 300
    return wrk.format("POST", "/api/patients/" .. patient .. "/appointments", headers,
      string.format('{"startsAt":"%s","durationMinutes":5,"clinicianId":"%s"}', os.date("!%Y-%m-%dT%H:%M:%SZ", t), u.clinician))
  end
  return wrk.format("GET", "/api/patients/" .. patient, headers)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    local id = headers["X-Request-Id"] or headers["x-request-id"]
    if id then
      acked:write(id, "\n")
      acks = (acks or 0) + 1
      if acks % 20 == 0 then acked:flush() end
    end
  else
    failed:write(os.time(), " ", status, "\n")
    failed:flush()
  end
end

function done(summary, latency, requests)
  -- (each thread's file is flushed as wrk stops: see bench/drills.sh, which stops wrk with SIGINT)
  io.write(string.format("RESULT requests=%d non2xx=%d socket_errors=%d p99_ms=%.1f\n", summary.requests,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(99) / 1000))
end
