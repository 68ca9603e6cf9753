#!/usr/bin/env python3
"""Measures the peak tensor bytes of GPT-2 tasks with PyTorch, to hold rigcheck's memory model to.

Method (docs/gpt2.md "The measured reference"): a GPT-2 written here (Hugging Face's layer order,
fused GELU) runs one step of every row on PyTorch's `meta` device at full size: shapes and dtypes
are real, no arithmetic runs, so GPT-2 XL at batch 8 costs seconds. A TorchDispatchMode sees every
tensor an operator returns (forward, backward, optimizer) and counts each storage once, from its
creation until the last tensor using it dies (PyTorch keeps a tensor's Python object alive while
autograd holds it, so its finalizer marks the true free). The peak of that count is what CUDA's
caching allocator would report as max_memory_allocated(), before its 512-byte rounding.

Precisions emulate what the GPU would run, operator by operator:
  fp32         everything in fp32.
  amp          torch.autocast(fp16) as on CUDA: matmuls in 16-bit on 16-bit weight copies (cached
               for the forward, saved for backward), layer norm / softmax / cross-entropy in fp32,
               residual stream fp32, fp32 master weights and gradients.
  fp16-pure    a 16-bit model (DeepSpeed fp16): 16-bit weights, activations and gradients, fp32
               master weights and Adam moments; per parameter the 16-bit gradient is widened to
               fp32 for the update.
  int8-weight  inference only: Linear weights int8, dequantised to fp16 per matmul (16-bit math).
  int8         inference only: W8A8, Linear weights int8, each matmul input quantised to int8,
               fp16 output from the GEMM epilogue (TensorRT-style). Embeddings stay fp16.
Attention: `eager` materialises scores (Hugging Face's eager path); `sdpa` emulates PyTorch's
memory-efficient kernel (saves q, k, v, output and a fp32 log-sum-exp per row; no s*s tensor).
Tasks: inference = prefill of s tokens with the KV cache kept (Hugging Face's present = views of the
c_attn output), logits in the model dtype. finetune = forward, loss, backward, Adam step, gradients
set to None (PyTorch's zero_grad default), steady state (Adam moments exist). finetune-checkpointing =
the same with torch.utils.checkpoint around every block. finetune-offload = DeepSpeed ZeRO-2, optimizer in host
RAM: a 16-bit model whose gradients leave the GPU as they are produced (only GPU bytes counted).

Usage (not run in CI; Debian 12: apt-get install python3-torch, which is PyTorch 1.13.1):
  nice -n 19 /usr/bin/python3 tools/gpt2_memory_reference.py --budget-bytes B > tests/fixtures/gpt2/memory_reference.tsv
(B: the P40's tensor budget, tensor_budget_bytes() in reports/gpt2/gpt2_cuda_params.cpp; the fixture's
header has the exact command.) `--markdown FIXTURE` prints the table docs/gpt2.md shows.
"""
import argparse
import sys
import time
import weakref

import torch
import torch.nn.functional as F
import torch.utils.checkpoint
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_flatten

META = torch.device("meta")
DEVICE = META  # --device cuda: the same step on a real GPU, measured by its caching allocator
VOCAB = 50257
POSITIONS = 1024
MODELS = {  # name: (layers, width, heads)
    "gpt2": (12, 768, 12),
    "gpt2-medium": (24, 1024, 16),
    "gpt2-large": (36, 1280, 20),
    "gpt2-xl": (48, 1600, 25),
}
TASK_PRECISIONS = {
    "inference": ["fp32", "amp", "fp16-pure", "int8-weight", "int8"],
    "finetune": ["fp32", "amp", "fp16-pure"],
    "finetune-checkpointing": ["fp32", "amp", "fp16-pure"],
    "finetune-offload": ["fp16-pure"],
}
BATCH_CAP = {"inference": 64, "finetune": 8, "finetune-checkpointing": 8, "finetune-offload": 8}
HALF = torch.float16


class PeakTracker(TorchDispatchMode):
    """Counts live storages (bytes) on the meta device; records the peak."""

    def __init__(self):
        super().__init__()
        self.refs = {}
        self.sizes = {}
        self.live_bytes = 0
        self.peak_bytes = 0

    def track(self, t):
        if not isinstance(t, torch.Tensor) or t.device != META:
            return
        storage = t.storage()
        key = storage._cdata
        if key in self.refs:
            self.refs[key] += 1
        else:
            self.refs[key] = 1
            self.sizes[key] = storage.nbytes()
            self.live_bytes += self.sizes[key]
            self.peak_bytes = max(self.peak_bytes, self.live_bytes)
        weakref.finalize(t, self._release, key)

    def _release(self, key):
        self.refs[key] -= 1
        if self.refs[key] == 0:
            del self.refs[key]
            self.live_bytes -= self.sizes.pop(key)

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        for t in tree_flatten(out)[0]:
            self.track(t)
        return out


class Policy:
    """Which dtype each kind of tensor has, per precision name."""

    def __init__(self, precision):
        self.precision = precision
        self.param = {"fp32": torch.float32, "amp": torch.float32}.get(precision, HALF)
        self.activation = torch.float32 if precision == "fp32" else HALF
        self.residual = torch.float32 if precision in ("fp32", "amp") else HALF
        self.fp32_norm_softmax = precision == "amp"  # CUDA autocast's fp32 op list
        self.int8_linear = precision in ("int8-weight", "int8")
        self.cast_cache = None  # amp: param -> 16-bit copy, alive for the autocast region


def dropout(x, train):
    """CUDA's fused dropout (native_dropout): a 1-byte mask is saved. CPU's composite path would save
    a mask in the input's dtype, which is not what a GPU run keeps."""
    return torch.native_dropout(x, 0.1, train)[0] if train else x


def new_param(shape, dtype, requires_grad):
    return torch.empty(shape, device=DEVICE, dtype=dtype).requires_grad_(requires_grad)


class Gpt2:
    def __init__(self, name, policy, training):
        layers, d, heads = MODELS[name]
        self.d, self.heads, self.policy = d, heads, policy
        rg = training
        p = policy.param
        lin = torch.int8 if policy.int8_linear else p

        def ln():
            return (new_param((d,), p, rg), new_param((d,), p, rg))

        self.wte = new_param((VOCAB, d), p, rg)
        self.wpe = new_param((POSITIONS, d), p, rg)
        self.blocks = []
        for _ in range(layers):
            self.blocks.append({
                "ln1": ln(), "ln2": ln(),
                "attn": (new_param((3 * d, d), lin, rg), new_param((3 * d,), p, rg)),
                "attn_proj": (new_param((d, d), lin, rg), new_param((d,), p, rg)),
                "fc": (new_param((4 * d, d), lin, rg), new_param((4 * d,), p, rg)),
                "proj": (new_param((d, 4 * d), lin, rg), new_param((d,), p, rg)),
            })
        self.ln_f = ln()

    def parameters(self):
        out = [self.wte, self.wpe, *self.ln_f]
        for b in self.blocks:
            for pair in b.values():
                out.extend(pair)
        return out

    # --- operators under the precision policy ---
    def cast16(self, w):
        pol = self.policy
        if w.dtype == HALF:
            return w
        if w.dtype == torch.int8:
            return w.to(HALF)  # dequantise (scale folded in: memory is what is measured)
        if pol.cast_cache is not None:
            if id(w) not in pol.cast_cache:
                pol.cast_cache[id(w)] = w.to(HALF)
            return pol.cast_cache[id(w)]
        return w.to(HALF)

    def linear(self, x, wb, training=False):
        w, b = wb
        pol = self.policy
        if pol.precision == "int8":
            xq = x.to(torch.int8)  # activation quantised for the int8 GEMM
            out = torch.empty((*x.shape[:-1], w.shape[0]), device=DEVICE, dtype=HALF)
            del xq
            return out + b.to(HALF)
        if pol.precision == "fp32":
            return F.linear(x, w, b)
        return F.linear(x.to(HALF), self.cast16(w), self.cast16(b))

    def layer_norm(self, x, wb):
        w, b = wb
        if self.policy.fp32_norm_softmax:
            return F.layer_norm(x.float(), (self.d,), w.float(), b.float())
        return F.layer_norm(x, (self.d,), w, b)

    def attention(self, q, k, v, kernel, training):
        s = q.shape[-2]
        if kernel == "sdpa":
            if DEVICE.type == "cuda" and hasattr(F, "scaled_dot_product_attention"):
                return F.scaled_dot_product_attention(q, k, v, dropout_p=0.1 if training else 0.0, is_causal=True)
            return MemEfficientAttention.apply(q, k, v)
        scores = torch.matmul(q, k.transpose(-1, -2)) / float(q.shape[-1]) ** 0.5
        causal = torch.ones((s, s), device=DEVICE, dtype=torch.bool)
        scores = torch.where(causal, scores, torch.tensor(-1e4, device=DEVICE, dtype=scores.dtype))
        if self.policy.fp32_norm_softmax:
            scores = scores.float()
        probs = F.softmax(scores, dim=-1).type(v.dtype)
        probs = dropout(probs, training)
        return torch.matmul(probs, v)

    def block(self, x, blk, kernel, training, cache):
        bsz, s, d = x.shape
        a = self.heads
        h = self.layer_norm(x, blk["ln1"])
        qkv = self.linear(h, blk["attn"])
        q, k, v = qkv.split(d, dim=2)
        q, k, v = (t.view(bsz, s, a, d // a).permute(0, 2, 1, 3) for t in (q, k, v))
        if cache is not None:
            cache.append((k, v))  # Hugging Face's `present`: views of the c_attn output
        o = self.attention(q, k, v, kernel, training)
        o = o.permute(0, 2, 1, 3).reshape(bsz, s, d)
        o = dropout(self.linear(o, blk["attn_proj"]), training)
        x = x + o if x.dtype == o.dtype else x + o.to(x.dtype)
        h = self.layer_norm(x, blk["ln2"])
        f = F.gelu(self.linear(h, blk["fc"]), approximate="tanh")
        f = dropout(self.linear(f, blk["proj"]), training)
        return x + f if x.dtype == f.dtype else x + f.to(x.dtype)

    def forward(self, tokens, kernel, training, checkpoint=False, cache=None):
        s = tokens.shape[1]
        x = F.embedding(tokens, self.wte) + F.embedding(torch.arange(s, device=DEVICE), self.wpe)
        x = x.to(self.policy.residual)
        for blk in self.blocks:
            if checkpoint:
                x = torch.utils.checkpoint.checkpoint(
                    lambda y, blk=blk: self.block(y, blk, kernel, training, None), x,
                    use_reentrant=True, preserve_rng_state=False)
            else:
                x = self.block(x, blk, kernel, training, cache)
        x = self.layer_norm(x, self.ln_f)
        if self.policy.precision == "fp32":
            return F.linear(x, self.wte)
        wte = self.wte if self.wte.dtype == HALF else self.cast16(self.wte)
        return F.linear(x.to(HALF), wte)  # tied output layer, logits in 16-bit


class MemEfficientAttention(torch.autograd.Function):
    """Saved tensors of PyTorch's memory-efficient SDPA kernel (causal): q, k, v, out, lse."""

    @staticmethod
    def forward(ctx, q, k, v):
        bsz, a, s, _ = q.shape
        out = torch.empty_like(q, memory_format=torch.contiguous_format)
        lse = torch.empty((bsz, a, (s + 31) // 32 * 32), device=DEVICE, dtype=torch.float32)
        ctx.save_for_backward(q, k, v, out, lse)
        return out

    @staticmethod
    def backward(ctx, grad):
        q, k, v, out, lse = ctx.saved_tensors
        delta = torch.empty(lse.shape, device=DEVICE, dtype=torch.float32)
        dq, dk, dv = torch.empty_like(q), torch.empty_like(k), torch.empty_like(v)
        del delta
        return dq, dk, dv


def loss_of(logits, tokens, fp32_loss):
    """Hugging Face's shifted cross-entropy; autocast runs cross-entropy in fp32."""
    shift = logits[..., :-1, :].contiguous()
    labels = tokens[..., 1:].contiguous()
    flat = shift.view(-1, shift.size(-1))
    return F.cross_entropy(flat.float() if fp32_loss else flat, labels.view(-1))


def adam_step(params, states, precision):
    """Single-tensor Adam (PyTorch's foreach=False); fp16-pure updates an fp32 master."""
    for p, (m, v, master) in zip(params, states):
        g = p.grad
        if g is None:
            continue
        g32 = g.float() if g.dtype != torch.float32 else g
        p.grad = None
        del g
        m.mul_(0.9).add_(g32, alpha=0.1)
        v.mul_(0.999).addcmul_(g32, g32, value=0.001)
        denom = v.sqrt().add_(1e-8)
        target = master if master is not None else p.data
        target.addcdiv_(m, denom, value=-1e-4)
        del denom, g32
        if master is not None:
            p.data.copy_(master)


def run_row(model_name, task, precision, kernel, context, batch):
    if DEVICE.type == "cuda":
        return run_row_cuda(model_name, task, precision, kernel, context, batch)
    return run_step(model_name, task, precision, kernel, context, batch, PeakTracker())


def run_row_cuda(model_name, task, precision, kernel, context, batch):
    """The same step on a GPU: PyTorch's own max_memory_allocated (and reserved) counts."""
    import contextlib
    torch.cuda.empty_cache()
    torch.cuda.reset_peak_memory_stats()
    base = torch.cuda.memory_allocated()
    try:
        run_step(model_name, task, precision, kernel, context, batch, None, contextlib.nullcontext())
    except torch.cuda.OutOfMemoryError:
        return -1
    CUDA_RESERVED[0] = torch.cuda.max_memory_reserved()
    return torch.cuda.max_memory_allocated() - base


CUDA_RESERVED = [0]


def run_step(model_name, task, precision, kernel, context, batch, tracker, mode=None):
    torch.manual_seed(0)
    mode = tracker if mode is None else mode
    track = tracker.track if tracker is not None else (lambda t: None)
    policy = Policy(precision)
    training = task != "inference"
    model = Gpt2(model_name, policy, training)
    params = model.parameters()
    for p in params:
        track(p)
    states = []
    if task in ("finetune", "finetune-checkpointing"):
        for p in params:
            master = p.detach().float() if p.dtype != torch.float32 else None
            m, v = torch.zeros_like(p, dtype=torch.float32), torch.zeros_like(p, dtype=torch.float32)
            for t in (m, v, master):
                track(t)
            states.append((m, v, master))
    tokens = torch.zeros((batch, context), device=DEVICE, dtype=torch.long)
    track(tokens)
    with mode:
        if task == "inference":
            with torch.no_grad():
                policy.cast_cache = {} if precision == "amp" else None
                cache = []
                logits = model.forward(tokens, kernel, training=False, cache=cache)
                policy.cast_cache = None
                del logits, cache
        else:
            if task == "finetune-offload":
                # DeepSpeed ZeRO-2 offload: each gradient is copied to host as it is produced.
                hooks = []
                for p in params:
                    acc = p.expand_as(p).grad_fn.next_functions[0][0]
                    acc.register_hook(lambda *_, p=p: setattr(p, "grad", None))
                    hooks.append(acc)
            policy.cast_cache = {} if precision == "amp" else None
            logits = model.forward(tokens, kernel, training=True, checkpoint=task == "finetune-checkpointing")
            loss = loss_of(logits, tokens, fp32_loss=precision == "amp")
            policy.cast_cache = None
            loss.backward()
            del loss
            del logits
            if states:
                adam_step(params, states, precision)
    return tracker.peak_bytes if tracker is not None else 0


def max_batch(p1, p2, cap, budget, measure):
    """Largest batch whose measured peak fits the budget: guessed from b = 1, 2, then measured."""
    measured = {1: p1, 2: p2}
    b = cap
    while b > 2 and p1 + (b - 1) * (p2 - p1) > budget:
        b -= 1
    while b >= 1:
        if b not in measured:
            measured[b] = measure(b)
        if 0 <= measured[b] <= budget:  # -1: out of memory on a real GPU
            return b, measured[b]
        b -= 1
    return 0, p1


def markdown_table(path):
    """The docs/gpt2.md table from a fixture: context 1024, GiB."""
    rows = {}
    for line in open(path):
        if line.startswith("#") or line.startswith("model"):
            continue
        f = line.rstrip("\n").split("\t")
        if f[4] != "1024":
            continue
        rows.setdefault(tuple(f[:3]), {})[f[3]] = f[5:]
    gib = 1024.0 ** 3
    print("| model | task | precision | eager b=1 | sdpa b=1 | sdpa b=2 | P40 max batch (sdpa) | its peak |")
    print("|---|---|---|---|---|---|---|---|")
    for (model, task, precision), kernels in rows.items():
        e, d = kernels["eager"], kernels["sdpa"]
        print("| %s | %s | %s | %.2f | %.2f | %.2f | %s | %.2f |" % (
            model, task, precision, int(e[0]) / gib, int(d[0]) / gib, int(d[1]) / gib, d[2], int(d[3]) / gib))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--budget-bytes", type=int, default=20_000_000_000,
                    help="tensor bytes a batch may peak at to count as fitting (the max-batch column)")
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--contexts", default="128,1024")
    ap.add_argument("--kernels", default="eager,sdpa")
    ap.add_argument("--device", default="meta", choices=["meta", "cuda"],
                    help="cuda: run the steps for real and report the caching allocator's peaks (ci/gpu-check.sh)")
    ap.add_argument("--markdown", metavar="FIXTURE", help="print docs/gpt2.md's table from a fixture and exit")
    args = ap.parse_args()
    if args.markdown:
        markdown_table(args.markdown)
        return
    global DEVICE
    DEVICE = torch.device(args.device)
    if DEVICE.type == "cuda":
        torch.cuda.init()
        free, total = torch.cuda.mem_get_info()
        print("# cuda: %s, total %d, used by the context before any tensor %d" % (
            torch.cuda.get_device_name(), total, total - free))
    start = time.time()
    print("# GPT-2 peak tensor bytes measured with PyTorch %s on the %s device (tools/gpt2_memory_reference.py)"
          % (torch.__version__, args.device))
    print("# command: nice -n 19 /usr/bin/python3 tools/gpt2_memory_reference.py " + " ".join(sys.argv[1:]))
    print("# max_batch: largest batch up to the cap whose measured peak <= budget_bytes %d" % args.budget_bytes)
    print("model\ttask\tprecision\tattention\tcontext\tpeak_bytes_b1\tpeak_bytes_b2\tmax_batch\tpeak_bytes_max")
    for name in args.models.split(","):
        for context in (int(c) for c in args.contexts.split(",")):
            for task, precisions in TASK_PRECISIONS.items():
                for precision in precisions:
                    for kernel in args.kernels.split(","):
                        p1 = run_row(name, task, precision, kernel, context, 1)
                        p2 = run_row(name, task, precision, kernel, context, 2)
                        best, pmax = max_batch(p1, p2, BATCH_CAP[task], args.budget_bytes,
                                               lambda b: run_row(name, task, precision, kernel, context, b))
                        print("%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d" % (name, task, precision, kernel, context, p1, p2,
                                                                     best, pmax), flush=True)
                        if DEVICE.type == "cuda":
                            print("# reserved at the last step above: %d" % CUDA_RESERVED[0], flush=True)
    print("# runtime %.0f s" % (time.time() - start))


if __name__ == "__main__":
    main()
