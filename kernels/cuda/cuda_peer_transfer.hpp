#pragma once
// Peer copies between the tested CUDA device and every other one (docs/bandwidth.md):
// cudaMemcpyPeerAsync one way and both ways at once, timed by CUDA events, data verified.
#include "kernels/cuda/cuda_memory.hpp"
#include "kernels/transfer_options.hpp"
#include "reports/result.hpp"
#include "reports/transfer_result.hpp"

namespace rigcheck::cuda_transfer_detail {

// One PeerTransfer per other CUDA device appended to `result.peers` (why not, where a pair cannot
// be measured), notes to `result.notes`; timed on `queues`, of `device`, which is current and is
// current again at the end. A cancel sets `result.interrupted` and stops before the next peer.
// `lost`: a copy did not finish in time, so `queues` may still be in use and must be abandoned.
Result<bool> measure_cuda_peers(int device, const TransferOptions& options, Queues& queues, TransferResult& result,
                                bool& lost);

}  // namespace rigcheck::cuda_transfer_detail
