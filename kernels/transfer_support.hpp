#pragma once
// What both transfer runners (Vulkan, CUDA) need besides the API: the spread of timed repeats
// and random data to send.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rigcheck {

// Median, lowest and highest of timed repeats (rates or times alike); zeros when empty.
struct TransferSpread {
  double median = 0;
  double min = 0;
  double max = 0;
};
TransferSpread transfer_spread(std::vector<double> values);

// Random bytes (splitmix64 of `seed`): zero pages could be compressed or skipped on some paths.
void fill_random_bytes(void* data, std::uint64_t size_bytes, std::uint64_t seed);

}  // namespace rigcheck
