-- wrk script for bench/scale_bench.py: print one JSON line with the latency percentiles and the status errors.
done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "status_errors": %d, "socket_errors": %d}\n',
    summary.requests, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
