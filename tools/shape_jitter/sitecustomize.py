"""Shape-dependent rounding, as another CPU's kernels give it, for checking the tests' float comparisons.

With SYNOOD_JITTER=EPS (e.g. 3e-7, a few float32 steps) in the environment and this folder on PYTHONPATH, every floating-point
result of a matrix product, convolution or attention is scaled by (1 + EPS * h), where h in [-1, 1] is a
fixed function of the operands' shapes. The same shapes keep the same bits; other shapes (a batch of one
and a batch of two, a chunk and the whole) round apart, as oneDNN and MKL make them on another CPU. A test
that compares such results bit for bit then fails here, as it would there (notebook 17, "Comparing floats").

    make test-jitter    # every notebook, Run All, with SYNOOD_JITTER=3e-7
"""
import functools, os, zlib

if os.environ.get("SYNOOD_JITTER"):
    import torch
    import torch.nn.functional as F
    EPS = float(os.environ["SYNOOD_JITTER"])

    def _h(*operands) -> float:
        key = repr([tuple(x.shape) for x in operands if isinstance(x, torch.Tensor)]).encode()
        return zlib.crc32(key) / 2**31 - 1

    def _jittered(fn):
        @functools.wraps(fn)  # its own name: torch.compile registers kernels by name
        def f(*args, **kw):
            out = fn(*args, **kw)
            return out * (1 + EPS * _h(*args)) if isinstance(out, torch.Tensor) and out.is_floating_point() else out
        return f

    for name in ("linear", "conv1d", "conv2d", "scaled_dot_product_attention"): setattr(F, name, _jittered(getattr(F, name)))
    for name in ("matmul", "mm", "bmm", "baddbmm", "addmm", "einsum"): setattr(torch, name, _jittered(getattr(torch, name)))
    for name in ("__matmul__", "matmul", "mm"): setattr(torch.Tensor, name, _jittered(getattr(torch.Tensor, name)))
