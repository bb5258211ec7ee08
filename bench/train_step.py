"""Pretext training throughput: sslwang's learner against a hand-written PyTorch loop over the same model, the same
task (corruption, or views) and loss, and the same in-memory batches, so the difference is the framework's overhead;
in float32 and, where the device has it (CUDA, or a CPU with native bf16), in mixed precision, sslwang's default there.
`--task simclr` times the two-view path."""
import resource, time
from fastai.vision.all import *
from sslwang.data import unsup_dls
from sslwang.encoder import arch_by_name
from sslwang.training import cpu_has_bf16, CPUMixedPrecision
from sslwang.cli import command
from sslwang.tasks import PRETEXT_LEARNERS

def in_memory_dls(batches, device):
    "fastai `DataLoaders` serving pre-made `batches` as they are for training, with nothing to validate on"
    return DataLoaders(DataLoader([(b,) for b in batches], bs=None, device=device), DataLoader([], bs=None, device=device), device=device)

def sync(device):
    if torch.device(device).type == 'cuda': torch.cuda.synchronize()

def looped_batches(dl, n):
    "The image tensors of `n` batches of `dl`, going round it again where it has fewer"
    batches = []
    while len(batches) < n: batches += [b[0].as_subclass(Tensor) for b, _ in zip(dl, range(n-len(batches)))]
    return batches

class BatchClock(Callback):
    "Times from the end of the first training batch to the end of the last one (or of batch `n_batches`, where the fit stops)"
    order = 100
    def __init__(self, device, n_batches=None): store_attr()
    def before_fit(self): self.times = []
    def after_batch(self):
        if not self.training: return
        self.last = min(self.n_iter, ifnone(self.n_batches, self.n_iter)) - 1
        if self.iter in (0, self.last): sync(self.device); self.times.append(time.perf_counter())
        if self.iter == self.last: raise CancelFitException

def sslwang_epoch(learn, clock):
    "Seconds for batches 2..n of one epoch of `learn.fit` (n: the epoch's length or `clock.n_batches`), no progress bars or logging"
    with learn.no_bar(), learn.no_logging(): learn.fit(1, 1e-3, cbs=clock)
    return clock.times[-1] - clock.times[0]

def plain_torch_loop(learn, batches, device):
    "Seconds for batches 2..n of a hand-written epoch: `learn`'s model, task and loss, torch AdamW, autocast if `learn` has it"
    model, task, loss_func = learn.model, learn.task, learn.loss_func
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    use_amp = any(isinstance(cb, (MixedPrecision, CPUMixedPrecision)) for cb in learn.cbs)
    dtype = torch.bfloat16 if torch.device(device).type == 'cpu' or torch.cuda.is_bf16_supported() else torch.float16
    scaler = torch.amp.GradScaler(enabled=use_amp and dtype == torch.float16)
    channels_last = torch.device(device).type == 'cuda' and next(model.parameters()).is_contiguous(memory_format=torch.channels_last)
    def epoch():
        model.train()
        for i, x in enumerate(batches):
            with torch.no_grad():
                inp, targ = task.make_pair(x)
                if channels_last: inp = inp.contiguous(memory_format=torch.channels_last)
            with torch.autocast(torch.device(device).type, dtype=dtype, enabled=use_amp):
                loss = loss_func(model(inp).float(), targ)
            opt.zero_grad(set_to_none=True)
            scaler.scale(loss).backward(); scaler.step(opt); scaler.update()
            if i == 0: sync(device); start = time.perf_counter()
        sync(device)
        return time.perf_counter() - start
    return epoch

def peak_memory(device):
    if torch.device(device).type == 'cuda': return f'{torch.cuda.max_memory_allocated(device)/2**30:.2f} GiB on the GPU'
    return f'{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/2**20:.2f} GiB resident (whole process)'

@command
def main(data:str='../shared/data/imagewang-64', # Image网 folder (clean images to train on)
         task:str='greyblur', # pretext task: greyblur (a U-Net), or simclr (two views, the encoder and a projection head)
         size:int=None, # image size (default: 128 on CUDA, 64 on CPU)
         bs:int=None, # batch size (default: 64 on CUDA, 32 on CPU)
         arch:str=None, # encoder arch (default: xresnet34 on CUDA, xresnet18 on CPU)
         steps:int=None, # batches per timed epoch (default: 50 on CUDA, 6 on CPU)
         repeats:int=3, # timed epochs of each, interleaved; the best counts
         file_batches:int=None, # then time this many batches of training from the JPEG files (default: 60 on CUDA, 0 on CPU)
         workers:int=2, # worker processes decoding the JPEG files
         quick:bool=False): # a run under 60 seconds
    device = default_device()
    cuda = device.type == 'cuda'
    size, bs = ifnone(size, 128 if cuda else 64), ifnone(bs, 64 if cuda else 32)
    arch, steps = arch_by_name(ifnone(arch, 'xresnet34' if cuda else 'xresnet18')), ifnone(steps, 50 if cuda else 6)
    file_batches = ifnone(file_batches, 60 if cuda else 0)
    if quick: size, bs, steps, repeats, file_batches = (64, 32, 5, 2, 10) if cuda else (32, 16, 3, 1, 0)
    torch.manual_seed(0)
    batches = [b.to(device) for b in looped_batches(unsup_dls(data, size=size, bs=bs, num_workers=0).train, steps)]
    dls = in_memory_dls(batches, device)
    make_learner = PRETEXT_LEARNERS[task]
    print(f'{device}, {task} on {arch.__name__}, {size} px, batch {bs}: batches 2 to {steps} of each epoch timed, after one warm-up epoch')
    results, n_images = {}, sum(len(b) for b in batches[1:])
    for mp in ([False, True] if cuda or cpu_has_bf16() else [False]):
        learn = make_learner(dls, arch=arch, mixed_precision=mp)
        fit, plain = partial(sslwang_epoch, learn, BatchClock(device)), plain_torch_loop(learn, batches, device)
        fit(); plain()                                        # warm up both
        times = [(fit(), plain()) for _ in range(repeats)]    # interleaved, so that other load hits both alike
        speed, plain_speed = n_images/min(t for t, _ in times), n_images/min(t for _, t in times)
        results[mp] = speed
        print(f"{'mixed precision' if mp else 'fp32'}: sslwang {speed:,.1f} img/s, plain PyTorch {plain_speed:,.1f} img/s, "
              f"ratio {speed/plain_speed:.3f} (best of {repeats}); peak {peak_memory(device)}")
    if True in results: print(f'mixed precision vs fp32: {results[True]/results[False]:.2f}×')
    if file_batches:
        files = make_learner(unsup_dls(data, size=size, bs=bs, num_workers=workers), arch=arch)
        clock = BatchClock(device, file_batches)
        secs = sslwang_epoch(files, clock)
        from_files = bs*clock.last/secs          # batches 2 to last+1, all full: fastai drops a partial last one when training
        print(f'from the JPEG files ({workers} workers, default precision): sslwang {from_files:,.1f} img/s over batches 2 to '
              f'{clock.last+1}, {from_files/speed:.2f} of training on in-memory batches')
    print(f'RATIO train_vs_plain_torch {speed/plain_speed:.3f}')
