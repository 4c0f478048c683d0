#!/usr/bin/env bash
# What a GPU machine checks, with no weights to download: every stage on CUDA, then the real architectures.
#
#   1. `synood demo` on CUDA with the tiny models: every stage's code path on the GPU, in float32;
#   2. the same in bfloat16 (`--dtype`), the precision a GPU run of the paper's recipe uses;
#   3. benchmarks/guided_generation.py at 512 px with SD2 inpainting's and ResNet50's real architectures
#      (random weights time as the real ones do): the energy-guided passes against plain inpainting;
#   4. benchmarks/scoring_overhead.py and benchmarks/tuning_cost.py on CUDA (ViT-B/16's real size, random weights);
#   5. `synood demo` with every model at its real size (ViT-B/16, LLaVA 1.5 7B, SD2 inpainting, ResNet50; random
#      weights) in bfloat16 at 512 px: each stage's wall-clock time at the real shapes.
#
# Every log goes to $LOGS (default gpu-check/, which git ignores); a step stops after $STEP_LIMIT s (default 300). The figures of 3 to 5 say how fast, never how well: random weights.
#
#   bash tools/gpu_check.sh [PYTHON]
set -uo pipefail
cd "$(dirname "$0")/.."
py=${1:-python3}
logs=${LOGS:-gpu-check}; mkdir -p "$logs"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
failed=0
export PYTHONUNBUFFERED=1
stamp() { # each line with the seconds since $1 (a stage's time is the difference between its line and the one before)
  local l; while IFS= read -r l || [ -n "$l" ]; do printf '%5ds  %s\n' $((SECONDS - $1)) "$l"; done
}
step() { # step NAME COMMAND...: run it, its output into $logs/NAME.log and here; count a failure
  local name=$1; shift
  echo "== $name: $*"
  local t0=$SECONDS
  timeout -k 30 "${STEP_LIMIT:-300}" "$@" 2>&1 | stamp "$t0" > "$logs/$name.log"; local rc=${PIPESTATUS[0]}
  tail -n 25 "$logs/$name.log"
  echo "== $name: exit $rc after $((SECONDS - t0)) s"
  [ "$rc" -eq 0 ] || failed=$((failed + 1))
}
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
"$py" -c "import torch, diffusers, transformers, open_clip, accelerate; print('torch', torch.__version__, 'cuda', torch.version.cuda, '| diffusers', diffusers.__version__, '| transformers', transformers.__version__, '| open_clip', open_clip.__version__, '| accelerate', accelerate.__version__)"

step demo-tiny-fp32 "$py" -m synood.cli demo --out "$work/tiny-fp32" --device cuda
step demo-tiny-bf16 "$py" -m synood.cli demo --out "$work/tiny-bf16" --device cuda --dtype bfloat16
step guided-512 "$py" benchmarks/guided_generation.py --random --device cuda --batch 4 --reps 2
step scoring "$py" benchmarks/scoring_overhead.py --device cuda --batch 256
step tuning "$py" benchmarks/tuning_cost.py --device cuda --n 2048 --workers 8
step demo-real-size "$py" -m synood.cli demo --out "$work/real" --device cuda --dtype bfloat16 --k 2 \
  --clip ViT-B-16 --pretrained random --mllm random:llava-hf/llava-1.5-7b-hf \
  --inpaint random:stabilityai/stable-diffusion-2-inpainting --classifier random:resnet50
nvidia-smi --query-gpu=memory.used --format=csv,noheader
echo "gpu check: $failed of 6 steps failed"
[ "$failed" -eq 0 ]
