#include "kernels/vulkan/vk_transfer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "kernels/vulkan/vk_instance.hpp"
#include "kernels/vulkan/vk_transfer_device.hpp"
#include "kernels/transfer_support.hpp"
#include "kernels/vulkan/vk_transfer_measure.hpp"
#include "reports/units.hpp"

namespace rigcheck {
namespace {

namespace dir = transfer_direction;
namespace mem = host_memory_kind;

constexpr double kLinkPhaseMinS = 0.2;          // long enough for ~20 link samples 10 ms apart
constexpr std::uint32_t kMaxLinkRounds = 4096;  // bounds the command buffer when the largest size is tiny

TransferBatch one_copy(TransferBuffer src, TransferBuffer dst, std::uint64_t size_bytes) {
  return TransferBatch{{TransferCopy{src, dst, size_bytes}}, {}, 1};
}
TransferBatch h2d_batch(std::uint64_t size_bytes) {
  return one_copy(TransferBuffer::staging_up, TransferBuffer::device_a, size_bytes);
}
TransferBatch d2h_batch(std::uint64_t size_bytes) {
  return one_copy(TransferBuffer::device_a, TransferBuffer::staging_down, size_bytes);
}
// Upload into B while A (holding the uploaded data) downloads: no copy depends on the other.
TransferBatch bidirectional_batch(std::uint64_t size_bytes, std::uint32_t rounds) {
  return TransferBatch{{TransferCopy{TransferBuffer::staging_up, TransferBuffer::device_b, size_bytes}},
                       {TransferCopy{TransferBuffer::device_a, TransferBuffer::staging_down, size_bytes}},
                       rounds};
}

// Requested sizes, sorted, without zeros or repeats; those above `max_bytes` give way to it.
std::vector<std::uint64_t> plan_sizes(std::vector<std::uint64_t> sizes, std::uint64_t max_bytes, const std::string& why,
                                      std::vector<std::string>& notes) {
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  sizes.erase(std::remove(sizes.begin(), sizes.end(), std::uint64_t{0}), sizes.end());
  if (sizes.empty() || sizes.back() <= max_bytes) return sizes;
  const std::uint64_t requested = sizes.back();
  sizes.erase(std::upper_bound(sizes.begin(), sizes.end(), max_bytes), sizes.end());
  if (max_bytes > 0 && (sizes.empty() || sizes.back() != max_bytes)) sizes.push_back(max_bytes);
  notes.push_back(fmt::format("largest size reduced from {} to {} ({})", format_bytes(requested),
                              format_bytes(max_bytes), why));
  return sizes;
}

std::string rate(const TransferSample& s) { return format_rate(s.median_bytes_per_s, RateUnit::bytes_per_s); }

class TransferRun {
 public:
  TransferRun(TransferDevice& device, const TransferOptions& options, TransferResult& result,
              std::chrono::steady_clock::time_point origin)
      : device_(device), options_(options), result_(result), origin_(origin) {}

  Result<bool> allocate(std::uint64_t capacity_bytes) {
    host_in_.assign(capacity_bytes, std::byte{0});
    host_out_.assign(capacity_bytes, std::byte{0});
    return device_.allocate(capacity_bytes);
  }

  // All six figures of one size, kept only when the data that came back is the data sent.
  Result<std::vector<TransferSample>> measure_size(std::uint64_t size) {
    const std::uint32_t repeats = std::max<std::uint32_t>(1, options_.repeats);
    std::byte* up = device_.mapped(TransferBuffer::staging_up);
    std::byte* down = device_.mapped(TransferBuffer::staging_down);
    std::vector<TransferSample> out;
    std::string note;
    auto failed = [&](const char* what, const std::string& why) {
      return Error{fmt::format("{} {}: {}", format_bytes(size), what, why)};
    };

    fill_random_bytes(up, size, 0x7a3b9c1d00000000ull ^ size);
    if (auto ok = device_.flush(TransferBuffer::staging_up, size); !ok) return failed("upload", ok.error());
    auto h2d = time_pinned(device_, h2d_batch(size), repeats, &note);
    if (!h2d) return failed("host_to_device pinned", h2d.error());
    if (auto ok = clear_download(size); !ok) return failed("download", ok.error());
    auto d2h = time_pinned(device_, d2h_batch(size), repeats, &note);
    if (!d2h) return failed("device_to_host pinned", d2h.error());
    if (auto ok = check(down, up, size, "host_to_device then device_to_host (pinned)"); !ok) return Error{ok.error()};

    if (auto ok = clear_download(size); !ok) return failed("download", ok.error());
    auto both = time_pinned(device_, bidirectional_batch(size, 1), repeats, &note);
    if (!both) return failed("bidirectional pinned", both.error());
    if (auto ok = check(down, up, size, "bidirectional (device_to_host half, pinned)"); !ok) return Error{ok.error()};
    if (auto ok = clear_download(size); !ok) return failed("download", ok.error());
    if (auto ok = read_back(TransferBuffer::device_b, size); !ok) return failed("bidirectional pinned", ok.error());
    if (auto ok = check(down, up, size, "bidirectional (host_to_device half, pinned)"); !ok) return Error{ok.error()};
    out.push_back(summarize_sample(dir::host_to_device, mem::pinned, size, size, *h2d));
    out.push_back(summarize_sample(dir::device_to_host, mem::pinned, size, size, *d2h));
    out.push_back(summarize_sample(dir::bidirectional, mem::pinned, size, 2 * size, *both));

    // Pageable: fresh data, so what comes back cannot be left over from the pinned copies.
    fill_random_bytes(host_in_.data(), size, 0x5eed5eed00000000ull ^ size);
    std::memset(host_out_.data(), 0, size);
    auto ph2d = time_pageable(device_, h2d_batch(size), {host_in_.data(), nullptr, size}, repeats);
    if (!ph2d) return failed("host_to_device pageable", ph2d.error());
    auto pd2h = time_pageable(device_, d2h_batch(size), {nullptr, host_out_.data(), size}, repeats);
    if (!pd2h) return failed("device_to_host pageable", pd2h.error());
    if (auto ok = check(host_out_.data(), host_in_.data(), size, "host_to_device then device_to_host (pageable)"); !ok)
      return Error{ok.error()};
    std::memset(host_out_.data(), 0, size);
    auto pboth = time_pageable(device_, bidirectional_batch(size, 1), {host_in_.data(), host_out_.data(), size}, repeats);
    if (!pboth) return failed("bidirectional pageable", pboth.error());
    if (auto ok = check(host_out_.data(), host_in_.data(), size, "bidirectional (pageable)"); !ok) return Error{ok.error()};
    out.push_back(summarize_sample(dir::host_to_device, mem::pageable, size, size, *ph2d));
    out.push_back(summarize_sample(dir::device_to_host, mem::pageable, size, size, *pd2h));
    out.push_back(summarize_sample(dir::bidirectional, mem::pageable, size, 2 * size, *pboth));
    if (!note.empty()) result_.notes.push_back(fmt::format("{}: {}", format_bytes(size), note));
    return out;
  }

  // Bidirectional copies of `size` batched to last about kLinkPhaseMinS (from the measured
  // rate), the link sampled from this thread while they run.
  Result<bool> sample_link(std::uint64_t size, double bidirectional_bytes_per_s) {
    const double round_s = 2.0 * static_cast<double>(size) / std::max(bidirectional_bytes_per_s, 1.0);
    const auto rounds = static_cast<std::uint32_t>(
        std::clamp(std::ceil(kLinkPhaseMinS / round_s), 1.0, static_cast<double>(kMaxLinkRounds)));
    if (auto ok = device_.record(bidirectional_batch(size, rounds)); !ok) return Error{"link phase: " + ok.error()};
    auto t = device_.submit([&] {
      if (auto s = options_.sample_link()) {
        s->time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - origin_).count();
        result_.link_during_transfer.push_back(*s);
      }
    });
    if (!t) return Error{"link phase: " + t.error()};
    result_.notes.push_back(fmt::format("link sampled during {} rounds of bidirectional {} copies ({:.0f} ms)", rounds,
                                        format_bytes(size), t->host_s * 1e3));
    return true;
  }

  Result<bool> measure_latency(std::uint64_t size) {
    for (auto [direction, batch] : {std::pair{dir::host_to_device, h2d_batch(size)},
                                    std::pair{dir::device_to_host, d2h_batch(size)}}) {
      auto latency = time_latency(device_, direction, batch, options_.latency_repeats);
      if (!latency) return Error{fmt::format("latency {} {}: {}", format_bytes(size), direction, latency.error())};
      result_.latencies.push_back(*latency);
    }
    return true;
  }

 private:
  // Copies the first `size` bytes of a device buffer into the download staging buffer, untimed.
  Result<bool> read_back(TransferBuffer src, std::uint64_t size) {
    if (auto ok = device_.record(one_copy(src, TransferBuffer::staging_down, size)); !ok) return ok;
    if (auto t = device_.submit(); !t) return Error{t.error()};
    return true;
  }

  Result<bool> clear_download(std::uint64_t size) {
    std::memset(device_.mapped(TransferBuffer::staging_down), 0, size);
    return device_.flush(TransferBuffer::staging_down, size);
  }

  // A transfer that corrupts data must not be reported as a speed.
  Result<bool> check(const std::byte* got, const std::byte* sent, std::uint64_t size, const char* what) {
    if (got == device_.mapped(TransferBuffer::staging_down))
      if (auto ok = device_.invalidate(TransferBuffer::staging_down, size); !ok) return Error{ok.error()};
    if (auto at = first_difference(got, sent, size))
      return Error{fmt::format("{} {}: the data that came back differs from the data sent at byte {} (of {})",
                               format_bytes(size), what, *at, size)};
    return true;
  }

  TransferDevice& device_;
  const TransferOptions& options_;
  TransferResult& result_;
  std::chrono::steady_clock::time_point origin_;
  std::vector<std::byte> host_in_;
  std::vector<std::byte> host_out_;
};

Result<std::unique_ptr<TransferDevice>> open_device(std::uint32_t device_index) {
  auto instance = VulkanInstance::create();
  if (!instance) return Error{instance.error()};
  auto physical = (*instance)->physical_device(device_index);
  if (!physical) return Error{physical.error()};
  return TransferDevice::open(*instance, *physical);
}

}  // namespace

Result<TransferResult> run_vulkan_transfers(std::uint32_t device_index, const TransferOptions& options) {
  const auto origin = std::chrono::steady_clock::now();
  TransferResult result;
  result.backend = "vulkan";
  result.method = "vkCmdCopyBuffer between a host-visible staging buffer and a device-local buffer";
  result.notes.push_back("peer transfers: CUDA backend only");
  auto cancelled = [&] { return options.cancelled && options.cancelled(); };
  if (cancelled()) {
    result.interrupted = true;
    return result;
  }
  auto opened = open_device(device_index);
  if (!opened) return Error{opened.error()};
  TransferDevice& device = **opened;
  result.notes.insert(result.notes.end(), device.notes().begin(), device.notes().end());

  std::string why;
  const std::uint64_t max_bytes = device.max_transfer_bytes(&why);
  const auto sizes = plan_sizes(options.sizes_bytes, max_bytes, why, result.notes);
  std::uint64_t latency_bytes = std::min(options.latency_size_bytes, max_bytes);
  if (options.latency_repeats > 0 && latency_bytes == 0)
    result.notes.push_back(fmt::format("latency not measured: a {} byte copy (limit {})", options.latency_size_bytes,
                                       format_bytes(max_bytes)));
  if (options.latency_repeats == 0) latency_bytes = 0;
  const std::uint64_t capacity_bytes = std::max(sizes.empty() ? 0 : sizes.back(), latency_bytes);
  if (capacity_bytes == 0) return result;

  TransferRun run(device, options, result, origin);
  if (auto ok = run.allocate(capacity_bytes); !ok) return Error{ok.error()};
  for (const std::uint64_t size : sizes) {
    if (cancelled()) {
      result.interrupted = true;
      return result;
    }
    auto samples = run.measure_size(size);
    if (!samples) return Error{samples.error()};
    const auto& s = *samples;
    result.samples.insert(result.samples.end(), s.begin(), s.end());
    if (options.progress)
      options.progress(fmt::format("{}: pinned h2d {} d2h {} both {}; pageable h2d {} d2h {} both {}", format_bytes(size),
                                   rate(s[0]), rate(s[1]), rate(s[2]), rate(s[3]), rate(s[4]), rate(s[5])));
    if (size == sizes.back() && options.sample_link)
      if (auto ok = run.sample_link(size, s[2].median_bytes_per_s); !ok) return Error{ok.error()};
  }
  if (latency_bytes > 0) {
    if (cancelled()) {
      result.interrupted = true;
      return result;
    }
    if (auto ok = run.measure_latency(latency_bytes); !ok) return Error{ok.error()};
  }
  return result;
}

}  // namespace rigcheck
