-- The Lua baseline for Scripts/bench: a table-driven model of the seed's
-- state/operation table that reads the straight-line workload (the same
-- .mabs file mabs runs) with a small line parser and applies the same
-- rules: the seed table, what each operation does (DOMAIN.md), editions
-- (units, scaling, backup, quotas), names and the name hold, backups and
-- restores with their warnings, armed failures, an operation log entry per
-- operation that ran, and assertions. It knows only the statement forms
-- Scripts/bench.d/straight.py writes.
--
--   lua5.4 baseline.lua FILE     prints "N passed, N failed"; exit 0, or 1
--
-- Like mabs, an operation the table does not allow (or any other refusal)
-- stops the script with an error; a failed assertion is counted and the
-- script goes on.

local OPS = { "start", "stop", "restart", "suspend", "resume", "delete", "scale", "update", "backup" }

-- The seed table, one row per group of states: 1 allowed, 0 not, in OPS order.
local SEED = {
  { { "Active" },                                    { 0, 1, 1, 1, 0, 1, 1, 1, 1 } },
  { { "Disabled" },                                  { 0, 0, 0, 0, 0, 1, 0, 0, 0 } },
  { { "Suspended" },                                 { 0, 0, 0, 0, 1, 1, 0, 0, 1 } },
  { { "Stopped" },                                   { 1, 0, 1, 0, 0, 1, 0, 0, 1 } },
  { { "ServiceUpdateFailed" },                       { 0, 0, 0, 0, 0, 1, 0, 0, 0 } },
  { { "DisableFailed" },                             { 0, 0, 0, 0, 0, 1, 0, 0, 0 } },
  { { "EnableFailed" },                              { 0, 0, 0, 0, 0, 1, 0, 0, 0 } },
  { { "StartFailed", "StopFailed", "RestartFailed" }, { 1, 1, 1, 0, 0, 1, 0, 1, 0 } },
  { { "SuspendedFailed", "ResumeFailed" },           { 0, 0, 0, 1, 1, 1, 0, 0, 0 } },
  { { "CreatedFailed", "RestoreFailed" },            { 0, 0, 0, 0, 0, 1, 0, 0, 0 } },
  { { "ConfigUpdateFailed" },                        { 0, 0, 1, 0, 0, 1, 0, 1, 0 } },
  { { "ScaleFailed" },                               { 0, 0, 0, 0, 0, 1, 1, 0, 0 } },
}

-- allowed[state][op], and the state names keyed by their lenient spelling.
local allowed, stateNamed = {}, {}
for _, row in ipairs(SEED) do
  for _, state in ipairs(row[1]) do
    allowed[state] = {}
    for i, op in ipairs(OPS) do allowed[state][op] = row[2][i] == 1 end
    stateNamed[state:lower()] = state
  end
end

-- What each operation does: the state on success and on failure. KEEP is
-- "state unchanged"; recovers names the state that success turns Active.
local KEEP, REMOVED = {}, {}
local EFFECT = {
  create  = { ok = "Active",    fail = "CreatedFailed" },
  start   = { ok = "Active",    fail = "StartFailed" },
  stop    = { ok = "Stopped",   fail = "StopFailed" },
  restart = { ok = "Active",    fail = "RestartFailed" },
  suspend = { ok = "Suspended", fail = "SuspendedFailed" },
  resume  = { ok = "Active",    fail = "ResumeFailed" },
  delete  = { ok = REMOVED,     fail = KEEP },
  scale   = { ok = "Active",    fail = "ScaleFailed" },
  update  = { ok = KEEP,        fail = "ConfigUpdateFailed", recovers = "ConfigUpdateFailed" },
  backup  = { ok = KEEP,        fail = KEEP },
  restore = { ok = "Suspended", fail = "RestoreFailed" },
}

local LOGNAME = {
  create = "CreateBizTalkService", start = "StartBizTalkService", stop = "StopBizTalkService",
  restart = "RestartBizTalkService", suspend = "SuspendBizTalkService", resume = "ResumeBizTalkService",
  delete = "DeleteBizTalkService", scale = "ScaleBizTalkService", update = "ConfigUpdateBizTalkService",
  backup = "BackupBizTalkService", restore = "RestoreBizTalkService",
}

-- Editions in order, with units and per-unit quotas.
local EDITION = {
  developer = { rank = 1, name = "Developer", minUnits = 1, maxUnits = 1, bridges = 25,  agreements = 10,   hybrid = 5,   backup = false },
  basic     = { rank = 2, name = "Basic",     minUnits = 1, maxUnits = 8, bridges = 25,  agreements = 50,   hybrid = 10,  backup = true },
  standard  = { rank = 3, name = "Standard",  minUnits = 1, maxUnits = 8, bridges = 125, agreements = 250,  hybrid = 50,  backup = true },
  premium   = { rank = 4, name = "Premium",   minUnits = 1, maxUnits = 8, bridges = 500, agreements = 1000, hybrid = 100, backup = true },
}

local SETTINGS = {
  ["acs-namespace"] = true, ["acs-key"] = true, ["tracking-database"] = true, ["archiving-storage"] = true,
  ["monitoring-storage"] = true, ["ssl-certificate"] = true, ["ssl-password"] = true,
}
local KINDS = {
  partner = true, profile = true, agreement = true, bridge = true, assembly = true, certificate = true,
  transform = true, pipeline = true, template = true, ["x12-mapping"] = true, ["hybrid-connection"] = true,
}

local UNITS = { s = 1, m = 60, h = 3600, d = 86400 }

-- The workspace.
local services, backups, held, armed, log = {}, {}, {}, {}, {}
local now, hold, nextId = 0, 3600, 1
local passed, failed = 0, 0
local file, lineNo = arg[1], 0

local function fail(message)
  io.stderr:write(("%s:%d: error: %s\n"):format(file, lineNo, message))
  io.write(("%d passed, %d failed\n"):format(passed, failed))
  os.exit(1)
end

local function warn(message)
  io.stderr:write(("%s:%d: warning: %s\n"):format(file, lineNo, message))
end

local function checkServiceName(name)
  local n = #name
  if n < 6 or n > 20 or not name:match("^%a[%w%-]*$") then fail("invalid service name '" .. name .. "'") end
end

local function checkBackupName(name)
  local n = #name
  if n < 3 or n > 63 or not name:match("^[%l%d][%l%d%-]*$") or name:find("--", 1, true) then
    fail("invalid backup name '" .. name .. "'")
  end
end

local function checkNameFree(name)
  checkServiceName(name)
  local key = name:lower()
  if services[key] then fail("a service named '" .. name .. "' already exists") end
  local until_ = held[key]
  if until_ and until_ > now then fail("the name '" .. name .. "' is held until " .. until_) end
end

-- Whether the next run of op on the service fails (an armed failure).
local function runFails(op, key)
  local byOp = armed[key]
  if not byOp then return false end
  local n = byOp[op]
  if not n or n == 0 then return false end
  byOp[op] = n - 1
  return true
end

local function record(op, name, ok, from, to, detail)
  log[#log + 1] = { time = now, service = name, operation = LOGNAME[op], result = ok and "Succeeded" or "Failed",
                    from = from, to = to, detail = detail }
end

local function newContents()
  local c = {}
  for kind in pairs(KINDS) do c[kind] = {} end
  return c
end

local function copyContents(contents)
  local c = {}
  for kind, items in pairs(contents) do
    if kind ~= "hybrid-connection" then
      local copy = {}
      for k, v in pairs(items) do copy[k] = v end
      c[kind] = copy
    else
      c[kind] = {}
    end
  end
  return c
end

local function copy(t)
  local c = {}
  for k, v in pairs(t) do c[k] = v end
  return c
end

local function addService(op, name, edition, units, settings, contents, detail)
  local key = name:lower()
  local fails = runFails(op, key)
  local effect = EFFECT[op]
  local service = { id = nextId, name = name, state = fails and effect.fail or effect.ok, edition = edition,
                    units = units, settings = settings, contents = contents }
  nextId = nextId + 1
  services[key] = service
  held[key] = nil
  record(op, name, not fails, nil, service.state, detail)
  return service, fails
end

local function serviceNamed(name)
  return services[name:lower()] or fail("there is no service named '" .. name .. "'")
end

-- The checks every operation on an existing service makes first.
local function admit(op, name)
  local service = serviceNamed(name)
  if not allowed[service.state][op] then
    fail(("Operation not allowed: cannot %s '%s' while it is %s"):format(op, service.name, service.state))
  end
  return service
end

-- Runs an admitted operation: decides whether it fails, applies the effect
-- (and change, on success) and logs it.
local function finish(op, service, detail, change)
  local key = service.name:lower()
  local fails = runFails(op, key)
  local effect = EFFECT[op]
  local from = service.state
  local to = fails and effect.fail or effect.ok
  if not fails and change then change(service) end
  if to == KEEP then
    to = (not fails and effect.recovers == from) and "Active" or from
  end
  if to == REMOVED then
    services[key] = nil
    held[key] = now + hold
    to = nil
  else
    service.state = to
  end
  record(op, service.name, not fails, from, to, detail)
  return not fails
end

local function usage(contents)
  local agreements, bridges, hybrid = 0, 0, 0
  for _ in pairs(contents.agreement) do agreements = agreements + 1 end
  for _ in pairs(contents.bridge) do bridges = bridges + 1 end
  for _ in pairs(contents["hybrid-connection"]) do hybrid = hybrid + 1 end
  return agreements, bridges + 2 * agreements, hybrid
end

local function editionNamed(word)
  local e = EDITION[word:lower()]
  if not e then fail("unknown edition '" .. word .. "'") end
  return e
end

local function duration(text)
  local total = 0
  for n, unit in text:gmatch("(%d+)(%a)") do total = total + tonumber(n) * UNITS[unit] end
  return total
end

-- One handler per statement form: patterns tried on the statement's words.
local function simple(op)
  return function(line) finish(op, admit(op, line:match("^%S+%s+(%S+)%s*$")), nil, nil) end
end

local handlers = {
  start = simple("start"), stop = simple("stop"), restart = simple("restart"),
  suspend = simple("suspend"), resume = simple("resume"), delete = simple("delete"),
}

function handlers.create(line)
  local name, rest = line:match("^create%s+(%S+)(.*)$")
  local edition = EDITION.standard
  local units = 1
  local e = rest:match("edition%s+(%a+)")
  if e then edition = editionNamed(e) end
  local u = rest:match("units%s+(%d+)")
  if u then units = tonumber(u) end
  checkNameFree(name)
  if units < edition.minUnits or units > edition.maxUnits then fail("units out of range") end
  addService("create", name, edition, units, {}, newContents(), nil)
end

function handlers.scale(line)
  local name, units = line:match("^scale%s+(%S+)%s+to%s+(%d+)$")
  units = tonumber(units)
  local service = admit("scale", name)
  local edition = service.edition
  if edition.minUnits == edition.maxUnits then fail(edition.name .. " cannot scale") end
  if units < edition.minUnits or units > edition.maxUnits then fail("units out of range") end
  local agreements, bridges, hybrid = usage(service.contents)
  if agreements > edition.agreements * units or bridges > edition.bridges * units or hybrid > edition.hybrid * units then
    fail("cannot scale in below what is deployed")
  end
  finish("scale", service, units, function(s) s.units = units end)
end

function handlers.update(line)
  local name, key, value = line:match('^update%s+(%S+)%s+set%s+([%w%-]+)%s*=%s*"(.*)"$')
  local service = admit("update", name)
  if not SETTINGS[key] then fail("unknown setting '" .. key .. "'") end
  finish("update", service, key, function(s) s.settings[key] = value end)
end

function handlers.add(line)
  local kind, item, name = line:match("^add%s+(%S+)%s+(%S+)%s+to%s+(%S+)$")
  local service = serviceNamed(name)
  if not KINDS[kind] then fail("unknown kind '" .. kind .. "'") end
  local state = service.state
  if state ~= "Active" and state ~= "Suspended" and state ~= "Stopped" then
    fail("contents change only while Active, Suspended or Stopped")
  end
  local items = service.contents[kind]
  local itemKey = item:lower()
  if items[itemKey] then fail("'" .. item .. "' is already there") end
  local e, units = service.edition, service.units
  local agreements, bridges, hybrid = usage(service.contents)
  if kind == "agreement" and (agreements + 1 > e.agreements * units or bridges + 2 > e.bridges * units)
    or kind == "bridge" and bridges + 1 > e.bridges * units
    or kind == "hybrid-connection" and hybrid + 1 > e.hybrid * units then
    fail("quota reached")
  end
  items[itemKey] = item
end

function handlers.remove(line)
  local kind, item, name = line:match("^remove%s+(%S+)%s+(%S+)%s+from%s+(%S+)$")
  local service = serviceNamed(name)
  local state = service.state
  if state ~= "Active" and state ~= "Suspended" and state ~= "Stopped" then
    fail("contents change only while Active, Suspended or Stopped")
  end
  local items = service.contents[kind]
  if not items or not items[item:lower()] then fail("no " .. kind .. " '" .. item .. "'") end
  items[item:lower()] = nil
end

function handlers.backup(line)
  local name, backupName = line:match("^backup%s+(%S+)%s+as%s+(%S+)$")
  local service = admit("backup", name)
  if not service.edition.backup then fail(service.edition.name .. " cannot be backed up") end
  checkBackupName(backupName)
  if backups[backupName] then fail("a backup named '" .. backupName .. "' already exists") end
  if finish("backup", service, backupName, nil) then
    backups[backupName] = { name = backupName, service = service.name, sourceId = service.id, takenAt = now,
                            edition = service.edition, units = service.units, settings = copy(service.settings),
                            contents = copyContents(service.contents) }
  end
end

function handlers.restore(line)
  local backupName, rest = line:match("^restore%s+(%S+)(.*)$")
  local backup = backups[backupName:lower()]
  if not backup then fail("there is no backup named '" .. backupName .. "'") end
  local name = rest:match("to%s+(%S+)") or backup.service
  checkNameFree(name)
  local edition = backup.edition
  local e = rest:match("edition%s+(%a+)")
  if e then edition = editionNamed(e) end
  if edition.rank < backup.edition.rank then fail("cannot restore to a lower edition") end
  local _, fails = addService("restore", name, edition, backup.units, copy(backup.settings),
                              copyContents(backup.contents), backupName)
  if not fails then
    local source = services[backup.service:lower()]
    if source and source.id == backup.sourceId and source.name:lower() ~= name:lower() then
      warn(("'%s' and '%s' both exist: tools must target the right one"):format(name, source.name))
    end
    warn(("SDK applications of '%s' may need its new ACS credentials"):format(name))
    warn(("'%s' has no scheduled backups"):format(name))
  end
end

function handlers.hold(line)
  hold = duration(line:match("^hold%s+names%s+for%s+(%S+)$"))
end

-- Counts a check; a failed one says what it found, and the script goes on.
local function check(holds, what, found)
  if holds then
    passed = passed + 1
  else
    failed = failed + 1
    io.stderr:write(("%s:%d: error: assertion failed: %s; found %s\n"):format(file, lineNo, what, found))
  end
end

function handlers.assert(line)
  local name, state = line:match("^assert%s+(%S+)%s+is%s+(%S+)$")
  if name then
    local expected = stateNamed[state:lower()] or fail("unknown state '" .. state .. "'")
    local found = serviceNamed(name).state
    return check(found == expected, name .. " is " .. state, found)
  end
  local unitsOf, units = line:match("^assert%s+units%((%S+)%)%s*==%s*(%d+)$")
  if not unitsOf then fail("the baseline does not know this assertion") end
  local found = serviceNamed(unitsOf).units
  check(found == tonumber(units), "units(" .. unitsOf .. ") == " .. units, found)
end

for line in io.lines(file) do
  lineNo = lineNo + 1
  local word = line:match("^%s*([%a%-]+)")
  if word then
    local handler = handlers[word]
    if not handler then fail("the baseline does not know '" .. word .. "'") end
    handler(line)
  end
end

io.write(("%d passed, %d failed\n"):format(passed, failed))
os.exit(failed == 0 and 0 or 1)
