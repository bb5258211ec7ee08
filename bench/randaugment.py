"""Strong augmentation of whole batches on the device: milliseconds per batch for sslwang's `RandAugment` (each image
draws its own two operations and magnitudes) and, when kornia is installed, kornia's `RandAugment` (two operations drawn
once per batch, no crop or Cutout). Batch 64 of random images in [0, 1]; the median of `--n` timed calls after two warm-up calls."""
import time, statistics
import torch
from sslwang.cli import command
from sslwang.semi import RandAugment, random_crops

def ms_per_call(f, x, n):
    "Median milliseconds of `f(x)` over `n` calls, after two warm-up calls"
    for _ in range(2): f(x)
    times = []
    for _ in range(n):
        if x.is_cuda: torch.cuda.synchronize()
        start = time.perf_counter(); f(x)
        if x.is_cuda: torch.cuda.synchronize()
        times.append(1000*(time.perf_counter()-start))
    return statistics.median(times)

@command
def main(size:int=64, # image size
         bs:int=64, # images per batch
         n:int=20, # timed calls
         threads:int=1, # CPU threads (torch.set_num_threads)
         device:str='cpu'): # cpu or cuda
    "Time sslwang's RandAugment against kornia's"
    torch.set_num_threads(threads)
    x = torch.rand(bs, 3, size, size, device=device)
    print(f'batch {bs}x3x{size}x{size} on {device}, {threads} thread(s)')
    print(f'sslwang RandAugment (per image, with its random crop and Cutout): {ms_per_call(RandAugment().augment, x, n):.1f} ms')
    print(f'  of which the random crop alone (the weak view): {ms_per_call(random_crops, x, n):.1f} ms')
    try: from kornia.augmentation.auto import RandAugment as KorniaRandAugment
    except ImportError: print('kornia is not installed: pip install kornia'); return
    print(f'kornia RandAugment n=2 m=10 (per batch), without Cutout: {ms_per_call(KorniaRandAugment(n=2, m=10).to(device), x, n):.1f} ms')
