"kNN and linear-probe top-1 on Image网 val/ for saved encoders beside a random one: what pretext tasks taught, without fine-tuning."
from fastai.vision.all import *
from fastcore.script import call_parse
from sslwang.data import imagewang_dls
from sslwang.pretext import encoder_body, arch_by_name, read_encoder_file
from sslwang.downstream import evaluate_encoder

@call_parse
def main(data:str='../shared/data/imagewang-64', # Image网 folder
         size:int=64, # image size
         bs:int=128, # batch size for reading features
         encoders:str='results/encoders', # encoder files (`*.pth`) to judge, e.g. the leaderboard's cache
         arch:str='xresnet18'): # the arch of the random-init baseline (encoders of other archs are skipped)
    dls = imagewang_dls(data, size=size, bs=bs)
    files = [o for o in sorted(Path(encoders).glob('*.pth')) if read_encoder_file(o)['arch'] == arch]
    print('| encoder | kNN top-1 (%) | kNN, 10 val classes (%) | linear probe top-1 (%) | linear probe, 10 val classes (%) | minutes |')
    print('|---|---|---|---|---|---|')
    for name, enc in [('random init', None), *[(o.stem, o) for o in files]]:
        start = time.time(); set_seed(0)
        r = evaluate_encoder(dls, enc if enc else encoder_body(arch_by_name(arch)))
        print(f"| {name} | {100*r['knn']:.2f} | {100*r['knn_val_classes']:.2f} | {100*r['linear']:.2f} | {100*r['linear_val_classes']:.2f} | {(time.time()-start)/60:.1f} |", flush=True)
