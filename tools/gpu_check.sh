#!/usr/bin/env bash
# What a GPU machine measures, with no weights to download: each heavy stage at its real size (random weights, which
# time as the real ones do), beside the plain library call, and the paper's run on 8 GPUs from the measured rates.
#
#   1. prompting (LLaVA 1.5 7B, 64 new tokens): images/s and ms per decoding step at batches 8, 32 and the batch
#      the free memory holds, plain and with the static cache compiled; torch.profiler's table of one batch;
#   2. generation (SD2 inpainting + ResNet50, 512 px, bfloat16 UNet): images/s and the fraction of the peak of the
#      guided call (plain, compiled UNet, bfloat16 guidance with the energies' change) and inside the stage (`generate`);
#   3. feature extraction (CLIP ViT-B/16): images/s of one pass over 4,096 JPEGs;
#   4. benchmarks/cost_model.py with the rates 1-3 measured: the paper's run on 1, 2 and 8 GPUs of this kind.
#
# Every log and rates.json go to $LOGS (default gpu-check/, which git ignores); a step stops after $STEP_LIMIT s
# (default 240). The figures say how fast, never how well: random weights.
#
#   LOGS=$OUT bash tools/gpu_check.sh [PYTHON]
set -uo pipefail
cd "$(dirname "$0")/.."
py=${1:-python3}
logs=${LOGS:-gpu-check}; mkdir -p "$logs"
failed=0
export PYTHONUNBUFFERED=1 TQDM_DISABLE=1
stamp() { # each line with the seconds since $1 (a stage's time is the difference between its line and the one before)
  local l; while IFS= read -r l || [ -n "$l" ]; do printf '%5ds  %s\n' $((SECONDS - $1)) "$l"; done
}
step() { # step NAME COMMAND...: run it, its output into $logs/NAME.log and here; count a failure
  local name=$1; shift
  echo "== $name: $*"
  local t0=$SECONDS
  timeout -k 30 "${STEP_LIMIT:-240}" "$@" 2>&1 | grep -v "Warning\|warn(" | stamp "$t0" > "$logs/$name.log"; local rc=${PIPESTATUS[0]}
  tail -n 20 "$logs/$name.log"
  echo "== $name: exit $rc after $((SECONDS - t0)) s"
  [ "$rc" -eq 0 ] || failed=$((failed + 1))
}
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
"$py" -c "import torch, diffusers, transformers, open_clip; print('torch', torch.__version__, 'cuda', torch.version.cuda, '| diffusers', diffusers.__version__, '| transformers', transformers.__version__, '| open_clip', open_clip.__version__)"
rates="$logs/rates.json"; rm -f "$rates"
step prompting "$py" benchmarks/prompting.py --model random --device cuda --batches 8,32,auto --new 64 --reps 1 --compile \
  --profile "$logs/prompting-profile.txt" --json "$rates"
step generation "$py" benchmarks/guided_generation.py --random --device cuda --batch 8 --reps 2 --stage 24 --compile --fast-guidance --json "$rates"
step features "$py" benchmarks/tuning_cost.py --device cuda --n 4096 --workers 14 --json "$rates"
step budget "$py" benchmarks/cost_model.py --no-measure --measured "$rates"
nvidia-smi --query-gpu=memory.used --format=csv,noheader
cat "$rates" 2>/dev/null
echo "gpu check: $failed of 4 steps failed"
[ "$failed" -eq 0 ]
