-- wrk script: signed Slack slash commands (`/crm show <name>`) from the pool slack-pool.js wrote.
--   wrk ... -s slack.lua http://127.0.0.1:PORT -- <pool prefix>     (WRK_OUT names the summary file)
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

local pool, n, i = {}, 0, 0
ok, late, bad, wraps, sample = 0, 0, 0, 0, ""

function init(args)
  local file = assert(io.open(args[1] .. "." .. id, "r"))
  for line in file:lines() do
    local ts, signature, body = line:match("^(%d+)\t(%S+)\t(.*)$")
    n = n + 1
    pool[n] = wrk.format("POST", "/slack/commands", {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["X-Slack-Request-Timestamp"] = ts,
      ["X-Slack-Signature"] = signature,
    }, body)
  end
  file:close()
  mark_loaded()
end

function request()
  i = i + 1
  if i > n then
    -- The pool ran out: requests repeat (same trigger_id); counted and reported.
    i = 1
    wraps = wraps + 1
  end
  return pool[i]
end

-- A 200 with Block Kit blocks is an answer; "Working on it" is an answer that comes later by response_url.
function response(status, headers, body)
  if status == 200 and body:find('"blocks"', 1, true) then
    ok = ok + 1
  elseif status == 200 and body:find("Working on it", 1, true) then
    late = late + 1
  else
    bad = bad + 1
    if sample == "" then sample = status .. " " .. body:sub(1, 200) end
  end
end
