#include "kernels/vulkan/vk_transfer_measure.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>

#include <fmt/format.h>

#include "kernels/transfer_support.hpp"

namespace rigcheck {

Result<RepeatTimes> time_pinned(TransferDevice& device, const TransferBatch& batch, std::uint32_t repeats,
                                std::string* note) {
  if (auto ok = device.record(batch); !ok) return Error{ok.error()};
  if (auto warm = device.submit(); !warm) return Error{warm.error()};  // warm-up, not counted
  const bool gpu = device.gpu_timed(batch);
  std::vector<double> gpu_s, host_s;
  for (std::uint32_t i = 0; i < std::max<std::uint32_t>(1, repeats); ++i) {
    auto t = device.submit();
    if (!t) return Error{t.error()};
    host_s.push_back(t->host_s);
    if (t->gpu_s) gpu_s.push_back(*t->gpu_s);
  }
  if (gpu && std::all_of(gpu_s.begin(), gpu_s.end(), [](double s) { return s > 0; }))
    return RepeatTimes{gpu_s, "gpu_timestamps"};
  if (gpu)
    *note = fmt::format("a copy took less than one GPU timer tick ({} ns): timed on the host clock instead",
                        device.timestamp_period_ns());
  return RepeatTimes{host_s, "wall_clock"};
}

Result<RepeatTimes> time_pageable(TransferDevice& device, const TransferBatch& batch, const PageableEnds& ends,
                                  std::uint32_t repeats) {
  if (auto ok = device.record(batch); !ok) return Error{ok.error()};
  std::byte* up = device.mapped(TransferBuffer::staging_up);
  const std::byte* down = device.mapped(TransferBuffer::staging_down);
  auto once = [&]() -> Result<double> {
    const auto start = std::chrono::steady_clock::now();
    if (ends.host_in) {
      std::memcpy(up, ends.host_in, ends.size_bytes);
      if (auto ok = device.flush(TransferBuffer::staging_up, ends.size_bytes); !ok) return Error{ok.error()};
    }
    if (auto t = device.submit(); !t) return Error{t.error()};
    if (ends.host_out) {
      if (auto ok = device.invalidate(TransferBuffer::staging_down, ends.size_bytes); !ok) return Error{ok.error()};
      std::memcpy(ends.host_out, down, ends.size_bytes);
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  if (auto warm = once(); !warm) return Error{warm.error()};
  RepeatTimes out{{}, "wall_clock"};
  for (std::uint32_t i = 0; i < std::max<std::uint32_t>(1, repeats); ++i) {
    auto s = once();
    if (!s) return Error{s.error()};
    out.seconds.push_back(*s);
  }
  return out;
}

TransferSample summarize_sample(const char* direction, const char* host_memory, std::uint64_t size_bytes,
                                std::uint64_t moved_bytes, const RepeatTimes& times) {
  std::vector<double> rates;
  for (double s : times.seconds) rates.push_back(static_cast<double>(moved_bytes) / s);
  const TransferSpread r = transfer_spread(rates);
  TransferSample sample;
  sample.direction = direction;
  sample.host_memory = host_memory;
  sample.size_bytes = size_bytes;
  sample.repeats = static_cast<std::uint32_t>(times.seconds.size());
  sample.median_bytes_per_s = r.median;
  sample.min_bytes_per_s = r.min;
  sample.max_bytes_per_s = r.max;
  sample.timing = times.timing;
  return sample;
}

Result<TransferLatency> time_latency(TransferDevice& device, const char* direction, const TransferBatch& batch,
                                     std::uint32_t repeats) {
  if (auto ok = device.record(batch); !ok) return Error{ok.error()};
  if (auto warm = device.submit(); !warm) return Error{warm.error()};
  std::vector<double> us;
  for (std::uint32_t i = 0; i < repeats; ++i) {
    auto t = device.submit();
    if (!t) return Error{t.error()};
    us.push_back(t->host_s * 1e6);
  }
  const TransferSpread s = transfer_spread(us);
  TransferLatency latency;
  latency.direction = direction;
  latency.host_memory = host_memory_kind::pinned;
  latency.size_bytes = batch.copies.empty() ? 0 : batch.copies.front().size_bytes;
  latency.repeats = repeats;
  latency.median_us = s.median;
  latency.min_us = s.min;
  latency.max_us = s.max;
  return latency;
}

std::optional<std::uint64_t> first_difference(const std::byte* a, const std::byte* b, std::uint64_t size_bytes) {
  if (std::memcmp(a, b, size_bytes) == 0) return std::nullopt;
  const auto where = std::mismatch(a, a + size_bytes, b);
  return static_cast<std::uint64_t>(where.first - a);
}

}  // namespace rigcheck
