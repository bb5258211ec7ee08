"""The protocol's measurements in one short GPU call: plain fastai beside sslwang's random init, the recipe ablation on
the hold-out, then pretext encoders fine-tuned on paired seeds against random init, printed as the leaderboard table.

    python bench/gpu_proxy.py --data .gpu-data/imagewang-64 --out $OUT/proxy --budget 540
    python bench/gpu_proxy.py --data TINY --quick              # the same steps, a few batches each (tests run this on the CPU)

Steps run in order of importance and each is recorded as it finishes (results.csv, recipe.csv under --out); a step that
would start after --budget seconds is skipped and says so."""
from fastai.vision.all import *
from fastcore.script import call_parse
import sys; sys.path.insert(0, str(Path(__file__).parent))
from downstream_recipe import RECIPES, SIDE_BY_SIDE, run_recipe
from sslwang.leaderboard import leaderboard, leaderboard_table, read_results, summarize

@call_parse
def main(data:str='.gpu-data/imagewang-64', # Image网 folder (a re-encoded copy: ../shared/data/README.md)
         out:str='results/proxy', # folder for the CSVs, encoders and monitor curves
         size:int=64, epochs:int=5, runs:int=3, # downstream: image size, epochs, paired seeds
         arch:str='xresnet18-mish-sa', # body of every encoder and classifier
         pretexts:str='greyblur:15,rotation:15', # pretext tasks with their epochs, in order
         pretext_bs:int=256, # pretext batch size
         budget:float=540, # seconds after which no new step starts
         quick:bool=False): # tiny settings: a check that every step runs
    start = time.time()
    if quick: size, epochs, runs, pretext_bs, pretexts = 32, 1, 2, 32, ','.join(o.split(':')[0]+':1' for o in pretexts.split(','))
    def step(name, f, *args, **kwargs):
        "Run `f` unless the budget is spent; a failing step prints its error and the next one runs"
        if time.time()-start > budget: return print(f'SKIPPED (budget of {budget:.0f} s spent): {name}', flush=True)
        try: f(*args, **kwargs)
        except Exception as e: import traceback; traceback.print_exc(); print(f'FAILED: {name}: {e}', flush=True)
    kw = dict(data=data, size=size, epochs=epochs, runs=runs, arch=arch, bs=64 if not quick else 32, out=out, demo=quick)
    step('random init', leaderboard, pretext='none', **kw)
    for seed in range(runs): step(f'plain fastai, seed {seed}', run_recipe, SIDE_BY_SIDE[0], data, size, kw['bs'], seed, 'val', epochs, out=out)
    for task, n in [o.split(':') for o in pretexts.split(',')]:
        step(f'{task}, {n} pretext epochs', leaderboard, pretext=task, pretext_epochs=int(n), pretext_bs=pretext_bs, **kw)
    for name in [*list(RECIPES)[1:-1], *SIDE_BY_SIDE]:
        step(f'ablation on the hold-out: {name}', run_recipe, name, data, size, kw['bs'], 0, 'holdout', epochs, out=out)
    print(leaderboard_table(summarize(read_results(Path(out)/'results.csv'))))
    rec = read_results(Path(out)/'recipe.csv')
    if len(rec): print(rec.groupby(['valid', 'recipe'], sort=False)[['top1', 'top1_val_classes']].agg(lambda o: f'{100*o.mean():.2f} ± {100*o.std(ddof=1):.2f} (n={len(o)})' if len(o) > 1 else f'{100*o.mean():.2f}').to_string())
    print(f'TOTAL {time.time()-start:.0f} s', flush=True)
