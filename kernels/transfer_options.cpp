#include "kernels/transfer_options.hpp"

namespace rigcheck {

std::vector<std::uint64_t> default_transfer_sizes_bytes() {
  std::vector<std::uint64_t> sizes;
  for (std::uint64_t bytes = 4ull << 10; bytes <= 256ull << 20; bytes *= 4) sizes.push_back(bytes);
  return sizes;
}

}  // namespace rigcheck
