-- wrk script: Teams group-chat mentions `@CRM show <name>` from several users, each with one of the RS256
-- channel tokens the fakes process minted (valid for the whole run).
--   wrk ... -s teams.lua http://127.0.0.1:PORT -- <tokens file> <activity templates file> <names file>
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

local tokens, templates, names = {}, {}, {}
local sequence, run = 0, 0
ok, late, bad, wraps, sample = 0, 0, 0, 0, ""

local function lines(path)
  local list = {}
  for line in assert(io.open(path, "r")):lines() do
    if #line > 0 then list[#list + 1] = line end
  end
  return list
end

-- A template becomes a list of literal pieces and hole names, filled per request.
local function split(template)
  local parts, at = {}, 1
  for s, hole, e in template:gmatch("()@@(%w+)@@()") do
    parts[#parts + 1] = template:sub(at, s - 1)
    parts[#parts + 1] = { hole }
    at = e
  end
  parts[#parts + 1] = template:sub(at)
  return parts
end

local function json_escape(s)
  return (s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end))
end

function init(args)
  tokens = lines(args[1])
  for _, template in ipairs(lines(args[2])) do templates[#templates + 1] = split(template) end
  for _, name in ipairs(lines(args[3])) do names[#names + 1] = json_escape(name) end
  math.randomseed(os.time() + id * 7919)
  run = os.time() % 1000000
  mark_loaded()
end

local values, body = {}, {}

function request()
  sequence = sequence + 1
  local template = templates[sequence % #templates + 1]
  values.id = string.format("1%06d%d%09d", run, id, sequence)
  values.time = os.date("!%Y-%m-%dT%H:%M:%SZ")
  -- Spread over many group chats: Teams paces a bot per conversation, so two or three chats would measure pacing.
  values.chat = tostring(math.random(0, 4095))
  values.text = "show " .. names[math.random(1, #names)]
  for k, part in ipairs(template) do
    body[k] = type(part) == "table" and values[part[1]] or part
  end
  return wrk.format("POST", "/api/messages", {
    ["Content-Type"] = "application/json; charset=utf-8",
    ["Authorization"] = "Bearer " .. tokens[sequence % #tokens + 1],
  }, table.concat(body, "", 1, #template))
end

-- The answer itself goes to the connector (counted by the fakes); here only the HTTP status counts.
function response(status, headers, body)
  if status == 200 or status == 201 or status == 202 then
    ok = ok + 1
  else
    bad = bad + 1
    if sample == "" then sample = status .. " " .. body:sub(1, 200) end
  end
end
