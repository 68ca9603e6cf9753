// Peer copies with every other CUDA device: peer access enabled where it was off (and off again
// after), copies timed one way and both ways at once, what arrived on each side checked.
#include "kernels/cuda/cuda_peer_transfer.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <cuda_runtime.h>
#include <fmt/format.h>

#include "kernels/cuda/cuda_backend.hpp"
#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/cuda_transfer_common.hpp"
#include "kernels/transfer_support.hpp"

namespace rigcheck::cuda_transfer_detail {
namespace {

// nvbandwidth's default peer copy size; less when either GPU is short of memory.
constexpr std::uint64_t kPeerCopyBytes = 256 * kMiB;
constexpr std::uint64_t kMinPeerCopyBytes = 1 * kMiB;

// Peer access turned on for the measurement, and off again for what this run turned on.
class PeerAccess {
 public:
  PeerAccess(int device, int peer) : device_(device), peer_(peer) {}
  PeerAccess(const PeerAccess&) = delete;
  PeerAccess& operator=(const PeerAccess&) = delete;
  ~PeerAccess() {
    if (forward_) {
      DeviceScope scope(device_);
      cudaDeviceDisablePeerAccess(peer_);
    }
    if (backward_) {
      DeviceScope scope(peer_);
      cudaDeviceDisablePeerAccess(device_);
    }
  }
  Result<bool> enable(bool backward) {
    auto ok = enable_one(device_, peer_, forward_);
    if (!ok || !backward) return ok;
    return enable_one(peer_, device_, backward_);
  }

 private:
  static Result<bool> enable_one(int from, int to, bool& enabled_here) {
    DeviceScope scope(from);
    if (scope.status() != cudaSuccess) return cuda_error("cudaSetDevice", scope.status());
    const cudaError_t rc = cudaDeviceEnablePeerAccess(to, 0);
    if (rc == cudaSuccess) {
      enabled_here = true;
      return true;
    }
    cudaGetLastError();
    if (rc == cudaErrorPeerAccessAlreadyEnabled) return true;  // someone else's: left as found
    return cuda_error(fmt::format("cudaDeviceEnablePeerAccess({} -> {})", from, to), rc);
  }
  int device_, peer_;
  bool forward_ = false, backward_ = false;
};

// The peer phase of one transfer run: its device, options, result, queues and lost flag.
class PeerCopies {
 public:
  PeerCopies(int device, const TransferOptions& options, Queues& queues, TransferResult& result, bool& lost)
      : device_(device), options_(options), queues_(queues), result_(result), lost_(lost) {}

  Result<bool> measure_peers() {
    int count = 0;
    if (auto rc = cudaGetDeviceCount(&count); rc != cudaSuccess) return fail("cudaGetDeviceCount", rc);
    if (count < 2) {
      result_.notes.push_back("peer copies not measured: no other CUDA device");
      return true;
    }
    for (int peer = 0; peer < count; ++peer) {
      if (peer == device_) continue;
      if (stop()) break;
      PeerTransfer p;
      if (auto info = describe_cuda_device(peer)) {
        p.peer_name = info->name;
        p.peer_bdf = info->pci_bdf.value_or("");
      } else {
        p.peer_name = fmt::format("CUDA device {}", peer);
      }
      auto ok = measure_peer(peer, p);
      if (!ok) return Error{fmt::format("peer copies with {}: {}", p.peer_name, ok.error())};
      if (options_.progress)
        options_.progress(p.median_bytes_per_s ? fmt::format("peer {}: {} one way, {} both ways", p.peer_name,
                                                             rate(*p.median_bytes_per_s),
                                                             rate(p.bidirectional_bytes_per_s.value_or(0)))
                                               : fmt::format("peer {}: {}", p.peer_name, p.unavailable_reason.value_or("")));
      result_.peers.push_back(std::move(p));
      if (auto rc = cudaSetDevice(device_); rc != cudaSuccess) return fail("cudaSetDevice", rc);
    }
    return true;
  }

  // Enables peer access where it was off (and turns it off again at the end), times copies of
  // up to kPeerCopyBytes one way and both ways at once, and checks what arrived.
  Result<bool> measure_peer(int peer, PeerTransfer& p) {
    int forward = 0, backward = 0;
    if (auto rc = cudaDeviceCanAccessPeer(&forward, device_, peer); rc != cudaSuccess)
      return fail("cudaDeviceCanAccessPeer", rc);
    if (auto rc = cudaDeviceCanAccessPeer(&backward, peer, device_); rc != cudaSuccess)
      return fail("cudaDeviceCanAccessPeer", rc);
    if (forward == 0) {
      p.unavailable_reason = "no peer access between these GPUs (different PCIe root complexes, an IOMMU, or a "
                             "driver or board that does not allow it)";
      return true;
    }
    p.peer_access = true;

    std::size_t free_here = 0, free_peer = 0, total = 0;
    {
      DeviceScope scope(peer);
      if (scope.status() != cudaSuccess) return fail("cudaSetDevice", scope.status());
      if (auto rc = cudaMemGetInfo(&free_peer, &total); rc != cudaSuccess) return fail("cudaMemGetInfo", rc);
    }
    if (auto rc = cudaMemGetInfo(&free_here, &total); rc != cudaSuccess) return fail("cudaMemGetInfo", rc);
    const std::uint64_t free_min = std::min(free_here, free_peer);
    const std::uint64_t room = free_min > kDeviceReserveBytes ? (free_min - kDeviceReserveBytes) / 2 : 0;
    const std::uint64_t bytes = std::min(kPeerCopyBytes, room) / kMiB * kMiB;
    if (bytes < kMinPeerCopyBytes) {
      p.unavailable_reason = fmt::format("not enough free memory for peer copies ({} MiB on one of the two GPUs)",
                                         free_min / kMiB);
      return true;
    }
    if (bytes < kPeerCopyBytes)
      result_.notes.push_back(fmt::format("peer copies with {} use {} (free memory)", p.peer_name, size_text(bytes)));

    PeerAccess access(device_, peer);
    if (auto ok = access.enable(backward != 0); !ok) {
      p.peer_access = false;
      p.unavailable_reason = "peer access could not be enabled: " + ok.error();
      return true;
    }
    DeviceBuffer src_here, dst_here, src_peer, dst_peer;
    if (auto rc = src_here.allocate(device_, bytes); rc != cudaSuccess) return fail("cudaMalloc", rc);
    if (auto rc = dst_here.allocate(device_, bytes); rc != cudaSuccess) return fail("cudaMalloc", rc);
    if (auto rc = cudaMemset(src_here.get(), 0x5a, bytes); rc != cudaSuccess) return fail("cudaMemset", rc);
    {
      DeviceScope scope(peer);
      if (scope.status() != cudaSuccess) return fail("cudaSetDevice", scope.status());
      if (auto rc = src_peer.allocate(peer, bytes); rc != cudaSuccess) return fail("cudaMalloc", rc);
      if (auto rc = dst_peer.allocate(peer, bytes); rc != cudaSuccess) return fail("cudaMalloc", rc);
      if (auto rc = cudaMemset(src_peer.get(), 0xa5, bytes); rc != cudaSuccess) return fail("cudaMemset", rc);
      if (auto rc = cudaDeviceSynchronize(); rc != cudaSuccess) return fail("cudaDeviceSynchronize", rc);
    }
    if (auto rc = cudaDeviceSynchronize(); rc != cudaSuccess) return fail("cudaDeviceSynchronize", rc);

    auto& q = queues_;
    auto timed = [&](bool both) -> Result<double> {
      if (auto rc = cudaEventRecord(q.start, q.first); rc != cudaSuccess) return fail("cudaEventRecord", rc);
      if (both)
        if (auto rc = cudaStreamWaitEvent(q.second, q.start, 0); rc != cudaSuccess) return fail("cudaStreamWaitEvent", rc);
      if (auto rc = cudaMemcpyPeerAsync(dst_peer.get(), peer, src_here.get(), device_, bytes, q.first); rc != cudaSuccess)
        return fail("cudaMemcpyPeerAsync", rc);
      if (both) {
        if (auto rc = cudaMemcpyPeerAsync(dst_here.get(), device_, src_peer.get(), peer, bytes, q.second);
            rc != cudaSuccess)
          return fail("cudaMemcpyPeerAsync", rc);
        if (auto rc = cudaEventRecord(q.other, q.second); rc != cudaSuccess) return fail("cudaEventRecord", rc);
        if (auto rc = cudaStreamWaitEvent(q.first, q.other, 0); rc != cudaSuccess) return fail("cudaStreamWaitEvent", rc);
      }
      if (auto rc = cudaEventRecord(q.stop, q.first); rc != cudaSuccess) return fail("cudaEventRecord", rc);
      if (auto ok = wait_event(q.stop); !ok) return Error{ok.error()};
      return event_seconds();
    };
    auto measure = [&]() -> Result<bool> {
      for (bool both : {false, true}) {
        if (auto warm = timed(both); !warm) return Error{warm.error()};
        std::vector<double> rates;
        for (std::uint32_t i = 0; i < std::max<std::uint32_t>(1, options_.repeats); ++i) {
          auto seconds = timed(both);
          if (!seconds) return Error{seconds.error()};
          if (*seconds > 0) rates.push_back(static_cast<double>(both ? 2 * bytes : bytes) / *seconds);
        }
        if (!rates.empty()) (both ? p.bidirectional_bytes_per_s : p.median_bytes_per_s) = transfer_spread(rates).median;
      }
      return true;
    };
    if (auto ok = measure(); !ok) {
      if (lost_)
        for (auto* b : {&src_here, &dst_here, &src_peer, &dst_peer}) b->abandon();
      return ok;
    }

    // What arrived on each side must be the fill of the other.
    std::vector<unsigned char> seen(bytes);
    for (const auto& [from, fill, where] : {std::tuple{dst_peer.get(), 0x5a, "on the peer"},
                                            std::tuple{dst_here.get(), 0xa5, "on this GPU"}}) {
      // cudaMemcpyDefault: the runtime finds the owning GPU from the address (unified addressing).
      if (auto rc = cudaMemcpy(seen.data(), from, bytes, cudaMemcpyDefault); rc != cudaSuccess)
        return fail("cudaMemcpy(peer memory to host, verification)", rc);
      const auto bad = std::find_if(seen.begin(), seen.end(), [f = fill](unsigned char c) { return c != f; });
      if (bad != seen.end()) {
        p.median_bytes_per_s.reset();
        p.bidirectional_bytes_per_s.reset();
        p.unavailable_reason = fmt::format("data copied peer to peer arrived wrong {} at byte {} of {}", where,
                                           bad - seen.begin(), bytes);
        break;
      }
    }
    return true;
  }

 private:
  bool stop() { return transfer_stopped(options_, result_); }
  Error fail(std::string_view call, cudaError_t rc) { return cuda_error(call, rc); }
  Result<bool> wait_event(cudaEvent_t event) { return wait_event_ready(event, lost_); }
  Result<double> event_seconds() { return cuda_transfer_detail::event_seconds(queues_); }

  int device_;
  const TransferOptions& options_;
  Queues& queues_;
  TransferResult& result_;
  bool& lost_;
};

}  // namespace

Result<bool> measure_cuda_peers(int device, const TransferOptions& options, Queues& queues, TransferResult& result,
                                bool& lost) {
  PeerCopies peers(device, options, queues, result, lost);
  return peers.measure_peers();
}

}  // namespace rigcheck::cuda_transfer_detail
