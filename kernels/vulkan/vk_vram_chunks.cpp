#include "kernels/vulkan/vk_vram_chunks.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "kernels/vulkan/shaders/vram_layout.h"
#include "kernels/vulkan/vk_memory_types.hpp"
#include "kernels/vulkan/vk_vram_pipelines.hpp"

namespace rigcheck {
namespace {

constexpr std::uint64_t kMiB = 1ull << 20;
constexpr std::uint64_t kMaxChunkBytes = 1ull << 30;      // keeps word indices in 32 bits with room
constexpr std::uint64_t kMinChunkBytes = 16 * kMiB;       // stepping down stops here
constexpr std::uint64_t kBudgetReserveBytes = 64 * kMiB;  // left for the driver and our small buffers

std::string gib(std::uint64_t bytes) { return fmt::format("{:.2f} GiB", static_cast<double>(bytes) / (1ull << 30)); }

Result<VulkanBuffer> make_buffer(const VulkanDeviceCore& core, std::uint64_t size, std::uint32_t type, bool map) {
  VulkanBufferSpec spec;
  spec.size_bytes = size;
  spec.memory_type = type;
  spec.map = map;
  return make_vulkan_buffer(core, spec);
}

// Small buffers the host reads and writes directly (vk_memory_types.hpp: pick_shared_memory_type).
Result<VulkanBuffer> make_host_buffer(const VulkanDeviceCore& core, std::uint64_t size) {
  const auto& memory = core.memory();
  const int chosen = pick_shared_memory_type(memory);
  if (chosen < 0) return Error{"no host-visible coherent memory type"};
  auto b = make_buffer(core, size, static_cast<std::uint32_t>(chosen), true);
  if (!b && (memory.memoryTypes[chosen].propertyFlags & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT)) {
    // The BAR window may be full: fall back to plain host memory.
    if (const int host = pick_shared_memory_type(memory, false); host >= 0)
      return make_buffer(core, size, static_cast<std::uint32_t>(host), true);
  }
  return b;
}

}  // namespace

Result<VramAllocation> allocate_vram_buffers(const VulkanDeviceCore& core, const VulkanPipelineLayout& layout,
                                             const VramAllocationRequest& request, VramBuffers& buffers) {
  VramAllocation out;
  const auto& limits = core.properties().limits;
  const auto& memory = core.memory();
  // Chunk memory: device-local, preferring types the host cannot map (true VRAM, not the BAR),
  // from the largest device-local heap.
  const int chunk_type = pick_device_memory_type(memory, ~0u);
  if (chunk_type < 0 || !(memory.memoryTypes[chunk_type].propertyFlags & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT))
    return Error{"the device reports no device-local memory type"};
  const std::uint32_t heap_index = memory.memoryTypes[chunk_type].heapIndex;
  out.heap_bytes = memory.memoryHeaps[heap_index].size;

  std::uint64_t target = std::min(request.target_bytes, out.heap_bytes);
  if (target < request.target_bytes)
    out.notes.push_back(fmt::format("requested {} but the heap holds {}", gib(request.target_bytes), gib(out.heap_bytes)));
  if (const auto budget = core.heap_budget(heap_index)) {
    const std::uint64_t free_bytes = budget->budget_bytes > budget->used_bytes + kBudgetReserveBytes
                                         ? budget->budget_bytes - budget->used_bytes - kBudgetReserveBytes
                                         : 0;
    if (free_bytes < target) {
      out.notes.push_back(fmt::format("memory budget {} with {} in use: testing at most {}", gib(budget->budget_bytes),
                                      gib(budget->used_bytes), gib(free_bytes)));
      target = free_bytes;
    }
  } else {
    out.notes.push_back("no VK_EXT_memory_budget: allocating up to the request, stepping down on failure");
  }

  std::uint64_t chunk_cap = std::min<std::uint64_t>(
      {kMaxChunkBytes, limits.maxStorageBufferRange,
       core.max_allocation_bytes() ? core.max_allocation_bytes() : kMaxChunkBytes});
  chunk_cap = chunk_cap / kVramBlockBytes * kVramBlockBytes;
  if (chunk_cap < kVramBlockBytes) return Error{"the device's storage buffers are smaller than one 4 KiB block"};
  const std::uint32_t max_chunks = limits.maxMemoryAllocationCount > 16 ? limits.maxMemoryAllocationCount - 16 : 1;

  auto small = make_host_buffer(
      core, static_cast<std::uint64_t>(VRAM_ERR_HEADER_WORDS + VRAM_RECORD_WORDS * request.record_capacity) * 4);
  if (!small) return Error{"error-record buffer: " + small.error()};
  buffers.errors = std::move(*small);
  buffers.record_capacity = request.record_capacity;
  small = make_host_buffer(core, static_cast<std::uint64_t>(std::max<std::uint32_t>(1, request.max_faults)) * 8);
  if (!small) return Error{"fault-site buffer: " + small.error()};
  buffers.faults = std::move(*small);
  buffers.max_faults = request.max_faults;

  std::uint64_t remaining = target / kVramBlockBytes * kVramBlockBytes;
  std::uint64_t try_bytes = chunk_cap;
  while (remaining >= kVramBlockBytes) {
    if (buffers.chunks.size() >= max_chunks) {
      out.notes.push_back(fmt::format("stopped at {} allocations (the device limit)", buffers.chunks.size()));
      break;
    }
    const std::uint64_t size = std::min(try_bytes, remaining);
    auto chunk = make_buffer(core, size, static_cast<std::uint32_t>(chunk_type), false);
    if (!chunk) {
      const std::uint64_t smaller = (try_bytes / 2) / kVramBlockBytes * kVramBlockBytes;
      if (smaller < kMinChunkBytes || size < try_bytes) {
        out.notes.push_back(fmt::format("allocation of {} failed ({}) after {}: testing what was allocated", gib(size),
                                        chunk.error(), gib(out.total_bytes)));
        break;
      }
      out.notes.push_back(fmt::format("allocation of {} failed ({}): stepping down to {} chunks", gib(try_bytes),
                                      chunk.error(), gib(smaller)));
      try_bytes = smaller;
      continue;
    }
    out.chunks.push_back({static_cast<std::uint32_t>(buffers.chunks.size()), out.total_bytes, size});
    buffers.chunks.push_back(std::move(*chunk));
    out.total_bytes += size;
    remaining -= size;
  }
  if (buffers.chunks.empty())
    return Error{"no device memory could be allocated" + (out.notes.empty() ? std::string() : ": " + out.notes.back())};

  const auto count = static_cast<std::uint32_t>(buffers.chunks.size());
  auto sets = VulkanDescriptorSets::create(core, layout, count);
  if (!sets) return Error{sets.error()};
  buffers.sets = std::move(*sets);
  for (std::uint32_t c = 0; c < count; ++c) {
    const VkBuffer bound[kVramBindingCount] = {buffers.chunks[c].handle(), buffers.errors.handle(),
                                               buffers.faults.handle(), buffers.chunks[c].handle()};
    buffers.sets.write(c, bound);
  }
  return out;
}

}  // namespace rigcheck
