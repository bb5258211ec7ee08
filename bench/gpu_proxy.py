"""The protocol's measurements in one short GPU call, as the leaderboard table.

    python bench/gpu_proxy.py --data .gpu-data/imagewang-64 --out results/proxy --copy-to $OUT --budget 540
    python bench/gpu_proxy.py --data .gpu-data/imagewang-64 --pretexts simclr:20 --balances 1 --pretexts-only   # one new method beside random init
    python bench/gpu_proxy.py --data .gpu-data/imagewang-64 --pretexts rotation:15 --semis fixmatch:1,uda:1 --balances 1 --pretexts-only   # semi-supervised, from random init and an encoder
    python bench/gpu_proxy.py --data TINY --quick              # the same steps, a few batches each (a test runs this on the CPU)

1. On the hold-out of `train/`: sslwang's random init with each class balance of `--balances` (3 seeds each), plain
   fastai, and the recipe ablation (seed 0). The pretext encoders train meanwhile.
2. The balance with the best mean of the two hold-out figures is chosen; `val/` is not read for it.
3. On `val/`: plain fastai, random init and every pretext encoder, paired seeds, all with the chosen balance.

A downstream run at 64 px is bound by one CPU core (Python and kernel launches), not by the GPU, so the runs go to
`--parallel` processes side by side (`--job`: one run of this script in a process of its own). Their `seconds` are
then those of a shared machine. Results are appended to `--out` as each run ends and copied to `--copy-to`. Every job
should end within `--budget` seconds: a job whose kind (pretext encoder, downstream run, recipe) has run before starts
only if the longest such run so far would end in time, and otherwise is skipped and says so."""
from fastai.vision.all import *
import sys, json, shutil, subprocess; sys.path.insert(0, str(Path(__file__).parent))
from downstream_recipe import RECIPES, SIDE_BY_SIDE, run_recipe
from sslwang.cli import command
from sslwang.leaderboard import run_protocol, pretext_encoder, pretext_setting
from sslwang.results import leaderboard_table, read_results, summarize, matching_runs

def run_job(job, s):
    "Run one `job` (a dict: kind and its arguments) with the settings `s`"
    lb = dict(data=s['data'], size=s['size'], epochs=s['epochs'], runs=s['runs'], arch=s['arch'], bs=s['bs'], out=s['out'], demo=s['quick'])
    if job['kind'] == 'recipe': run_recipe(job['name'], s['data'], s['size'], s['bs'], job['seed'], job['valid'], s['epochs'], out=s['out'])
    elif job['kind'] == 'encoder':
        pretext_encoder(Path(s['data']).resolve(), pretext_setting(**lb, pretext=job['pretext'], pretext_epochs=job['pretext_epochs'], pretext_bs=s['pretext_bs']), s['out'])
    else: run_protocol(**lb, pretext=job['pretext'], pretext_bs=s['pretext_bs'], valid=job['valid'], seeds=[job['seed']], balance=job['balance'],
                      **{k: job[k] for k in ('pretext_epochs', 'semi', 'mu') if k in job})   # what a job leaves out: run_protocol's defaults

def ends_in_time(kind, elapsed, took, budget):
    "Whether a job of `kind` starting `elapsed` seconds in should end within `budget`, if it takes as long as the longest of that kind in `took`"
    return elapsed + max(took.get(kind, [0])) <= budget

def chosen_balance(out, balances):
    "The class balance whose random-init runs have the best mean of the two figures on the hold-out"
    res = matching_runs(read_results(Path(out)/'results.csv'), dict(valid='holdout', pretext='none'))
    means = {b: matching_runs(res, dict(balance=b))[['top1', 'top1_val_classes']].mean().sum() for b in balances}
    return max(means, key=lambda b: np.nan_to_num(means[b], nan=-1))

@command
def main(data:str='.gpu-data/imagewang-64', # Image网 folder (a re-encoded copy: ../shared/data/README.md)
         out:str='results/proxy', # folder for the CSVs, encoders and monitor curves
         copy_to:str=None, # folder the CSVs, curves and logs are copied to after each job (e.g. $OUT)
         size:int=64, epochs:int=5, runs:int=3, # downstream: image size, epochs, paired seeds
         arch:str='xresnet18-mish-sa', # body of every encoder and classifier
         pretexts:str='rotation:15,greyblur:15', # pretext tasks with their epochs, in order
         pretext_bs:int=256, # pretext batch size
         balances:str='0,0.5,1', # class balances tried on the hold-out
         parallel:int=8, workers:int=3, # processes side by side, loader workers of each
         budget:float=540, # seconds within which every job should end: give it the call's limit less a minute
         semis:str='', # semi-supervised methods with their mu, e.g. fixmatch:1,uda:1: each from random init and from every --pretexts encoder, on val/
         pretexts_only:bool=False, # only random init and the pretexts on val/, with the first of --balances: no choice, no plain fastai, no ablation
         quick:bool=False, # tiny settings: a check that every step runs
         job:str=None): # one job (JSON), run in this process: what the scheduler starts
    s = dict(data=data, out=out, size=size, epochs=epochs, runs=runs, arch=arch, bs=64, pretext_bs=pretext_bs, quick=quick)
    if quick: s.update(size=32, epochs=1, runs=2, bs=32, pretext_bs=32); pretexts = ','.join(o.split(':')[0]+':1' for o in pretexts.split(','))
    if job:
        job = json.loads(job); defaults.cpus = job['workers']; torch.set_num_threads(2)
        return run_job(job, job['settings'])
    start, seeds, bals = time.time(), range(s['runs']), [float(o) for o in balances.split(',')]
    tasks = [(t, int(n)) for t, n in (o.split(':') for o in pretexts.split(','))]
    choice = (lambda: bals[0]) if pretexts_only else (lambda: chosen_balance(out, bals))
    jobs = [dict(kind='encoder', pretext=t, pretext_epochs=n) for t, n in tasks]
    if not pretexts_only:
        jobs += [dict(kind='lb', pretext='none', valid='holdout', seed=i, balance=b) for b in bals for i in seeds]
        jobs += [dict(kind='recipe', name=SIDE_BY_SIDE[0], seed=i, valid='val') for i in seeds]
    jobs += [dict(kind='lb', pretext='none', valid='val', seed=i, balance=choice) for i in seeds]
    jobs += [dict(kind='lb', pretext=t, pretext_epochs=n, valid='val', seed=i, balance=choice) for t, n in tasks for i in seeds]
    semi = [(m, float(mu)) for m, mu in (o.split(':') for o in semis.split(',') if o)]
    jobs += [dict(kind='lb', pretext=t, pretext_epochs=n, valid='val', seed=i, balance=choice, semi=m, mu=mu)
             for m, mu in semi for t, n in [('none', 0), *tasks] for i in seeds]
    if not pretexts_only:
        jobs += [dict(kind='recipe', name=SIDE_BY_SIDE[0], seed=i, valid='holdout') for i in seeds]
        jobs += [dict(kind='recipe', name=o, seed=0, valid='holdout') for o in list(RECIPES)[1:4]]   # the rest of the ablation: the balance rows above
    def ready(j):
        "A job may start once the hold-out choice (if it needs it) and its encoder are done"
        needs = [o for o in jobs if (callable(j.get('balance')) and o['kind'] == 'lb' and o['valid'] == 'holdout' and 'balance' in o)
                 or (j['kind'] == 'lb' and o['kind'] == 'encoder' and o['pretext'] == j['pretext'])]
        return all(o.get('done') for o in needs)
    Path(out).mkdir(parents=True, exist_ok=True)
    logs, running, took = Path(ifnone(copy_to, out))/'logs', {}, {}     # took: seconds of each finished job, by kind
    logs.mkdir(parents=True, exist_ok=True)
    def collect():
        "Copy the CSVs and curves to `copy_to` (no '+' in the names: the device returns no such file)"
        if copy_to: [shutil.copy(f, Path(copy_to)/f.name.replace('+', '_')) for f in Path(out).rglob('*') if f.suffix in ('.csv', '.png')]
    while any(not o.get('done') for o in jobs):
        for j, p in list(running.items()):
            if p.poll() is not None:
                jobs[j]['done'] = True; del running[j]; collect()
                took.setdefault(jobs[j]['kind'], []).append(time.time() - jobs[j]['started'])
                print(f'{time.time()-start:5.0f} s  done ({"ok" if p.returncode == 0 else f"FAILED, exit {p.returncode}"}): {jobs[j]["label"]}', flush=True)
        waiting = [i for i, o in enumerate(jobs) if 'label' not in o]
        for i in waiting:
            if len(running) >= parallel or not ready(jobs[i]): continue
            j = jobs[i]
            if callable(j.get('balance')): j['balance'] = j['balance']()
            j['label'] = ' '.join(f'{k}={v}' for k, v in j.items())
            if not ends_in_time(j['kind'], time.time()-start, took, budget):
                j['done'] = True; print(f'SKIPPED (would end after the budget of {budget:.0f} s): {j["label"]}', flush=True); continue
            j['started'] = time.time()
            log = open(logs/f'job{i:02d}.txt', 'w')
            running[i] = subprocess.Popen([sys.executable, '-u', __file__, '--job', json.dumps({**j, 'settings': s, 'workers': workers})],
                                          stdout=log, stderr=subprocess.STDOUT)
            print(f'{time.time()-start:5.0f} s  started: {j["label"]}', flush=True)
        time.sleep(0.5)
    res = read_results(Path(out)/'results.csv')
    print(f'Balance: {bals[0]} (given)' if pretexts_only else f'Balance chosen on the hold-out: {chosen_balance(out, bals)}')
    for valid in ('holdout', 'val'):
        if len(matching_runs(res, dict(valid=valid))): print(f'\n{valid}:\n' + leaderboard_table(summarize(matching_runs(res, dict(valid=valid)))))
    rec = read_results(Path(out)/'recipe.csv')
    if len(rec): print(rec.groupby(['valid', 'recipe'], sort=False)[['top1', 'top1_val_classes']].agg(lambda o: f'{100*o.mean():.2f} ± {100*o.std(ddof=1):.2f} (n={len(o)})' if len(o) > 1 else f'{100*o.mean():.2f}').to_string())
    collect()
    print(f'TOTAL {time.time()-start:.0f} s', flush=True)
