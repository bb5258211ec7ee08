"kNN and linear-probe top-1 on Image网 val/ for saved encoders beside a random one: what pretext tasks taught, without fine-tuning."
from fastai.vision.all import *
from types import SimpleNamespace
from sslwang.cli import command
from sslwang.encoder import encoder_body, read_encoder_file
from sslwang.downstream import evaluate_encoder, RepresentationMonitor

@command
def main(data:str='../shared/data/imagewang-64', # Image网 folder
         size:int=64, # image size
         encoders:str='results/encoders', # encoder files (`*.pth`) to judge, e.g. the leaderboard's cache
         arch:str='xresnet18-mish-sa', # the arch of the random-init baseline (encoders of other archs are skipped)
         monitor_cost:bool=False): # also time the representation monitor: decoding the hold-out once, then one measurement
    if monitor_cost:
        start = time.time(); monitor = RepresentationMonitor.from_folder(data, size); decoded = time.time()-start
        monitor.learn = SimpleNamespace(model=nn.Sequential(encoder_body(arch)))   # what `measure` reads of a learner
        start = time.time(); res = monitor.measure(); measured = time.time()-start
        print(f'MONITOR {len(monitor.images)} hold-out images, {arch}, {size}px: decoded once in {decoded:.1f} s, one measurement {measured:.1f} s '
              f"(random init: kNN {100*res['knn']:.2f}%, dog images {100*res['knn_val_classes']:.2f}%, linear {100*res['linear']:.2f}%)", flush=True)
    files = [o for o in sorted(Path(encoders).glob('*.pth')) if read_encoder_file(o)['arch'] == arch]
    print('| encoder | kNN top-1 (%) | kNN, 10 val classes (%) | linear probe top-1 (%) | linear probe, 10 val classes (%) | minutes |')
    print('|---|---|---|---|---|---|')
    for name, enc in [('random init', None), *[(o.stem, o) for o in files]]:
        start = time.time(); set_seed(0)
        r = evaluate_encoder(data, enc, size=size, arch=arch)
        print(f"| {name} | {100*r['knn']:.2f} | {100*r['knn_val_classes']:.2f} | {100*r['linear']:.2f} | {100*r['linear_val_classes']:.2f} | {(time.time()-start)/60:.1f} |", flush=True)
