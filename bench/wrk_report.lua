-- For wrk: request the paths given after "--" in turn (one path is just repeated), and
-- print the result as two lines that bench/load.py reads: a JSON summary and the latency
-- histogram ("microseconds:count,..."), so that runs can be merged into exact percentiles.

local paths = {}
local next_index = 0

function init(args)
  for _, path in ipairs(args) do
    paths[#paths + 1] = path
  end
  if #paths == 0 then
    paths[1] = wrk.path
  end
end

function request()
  next_index = next_index % #paths + 1
  return wrk.format("GET", paths[next_index])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors_connect": %d, "errors_read": %d, "errors_write": %d, ' ..
    '"errors_status": %d, "errors_timeout": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout))
  -- latency(i) is the i-th distinct latency seen and how many requests took it.
  local buckets = {}
  for i = 1, #latency do
    local value, count = latency(i)
    buckets[#buckets + 1] = value .. ":" .. count
  end
  io.write("BENCH_HIST " .. table.concat(buckets, ",") .. "\n")
end
