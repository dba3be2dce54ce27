-- Shared by slack.lua and teams.lua (loaded with dofile): thread numbering, the process's own CPU time
-- (wrk's threads all count in /proc/self/stat) and the summary line run.sh reads.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

-- utime + stime of this process, in clock ticks.
function cpu_ticks()
  local f = io.open("/proc/self/stat", "r")
  local stat = f:read("*a")
  f:close()
  local fields = {}
  for field in stat:match("%) (.*)"):gmatch("%S+") do fields[#fields + 1] = field end
  return tonumber(fields[12]) + tonumber(fields[13])
end

-- Called at the end of each thread's init: the last one marks the CPU spent loading, which done() leaves out.
function mark_loaded()
  local f = io.open(os.getenv("WRK_OUT") .. ".loaded", "w")
  f:write(tostring(cpu_ticks()))
  f:close()
end

function done(summary, latency, requests)
  local f = io.open(os.getenv("WRK_OUT") .. ".loaded", "r")
  local loaded = tonumber(f:read("*a"))
  f:close()
  local ok, late, bad, wraps, sample = 0, 0, 0, 0, ""
  for _, thread in ipairs(threads) do
    ok = ok + (thread:get("ok") or 0)
    late = late + (thread:get("late") or 0)
    bad = bad + (thread:get("bad") or 0)
    wraps = wraps + (thread:get("wraps") or 0)
    if sample == "" then sample = thread:get("sample") or "" end
  end
  local e = summary.errors
  local out = io.open(os.getenv("WRK_OUT"), "w")
  out:write(string.format(
    "requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d connect_errors=%d read_errors=%d write_errors=%d status_errors=%d timeouts=%d ok=%d late=%d bad=%d wraps=%d wrk_cpu_ticks=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout, ok, late, bad, wraps, cpu_ticks() - loaded))
  out:write("sample=" .. sample:gsub("\n", " "):sub(1, 300) .. "\n")
  out:close()
end
