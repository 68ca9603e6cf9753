#include "kernels/transfer_support.hpp"

#include <algorithm>
#include <cstring>

namespace rigcheck {
namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

}  // namespace

TransferSpread transfer_spread(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  if (n == 0) return {};
  return {n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]), values.front(), values.back()};
}

void fill_random_bytes(void* data, std::uint64_t size_bytes, std::uint64_t seed) {
  auto* bytes = static_cast<unsigned char*>(data);
  std::uint64_t state = seed;
  std::uint64_t i = 0;
  for (; i + 8 <= size_bytes; i += 8) {
    const std::uint64_t word = splitmix64(state);
    std::memcpy(bytes + i, &word, 8);
  }
  const std::uint64_t tail = splitmix64(state);
  if (i < size_bytes) std::memcpy(bytes + i, &tail, size_bytes - i);
}

}  // namespace rigcheck
