import subprocess, sys, pytest, pandas as pd

def test_help():
    r = subprocess.run(['sslwang-leaderboard', '--help'], capture_output=True, text=True)
    assert r.returncode == 0 and '--pretext-epochs' in r.stdout

@pytest.mark.parametrize('pretext', ['greyblur', 'context'])
def test_demo_end_to_end(pretext, tmp_path):
    "The README's first command, on generated data: random init and the task's encoder, fine-tuned, recorded, paired in the table"
    cmd = ['sslwang-leaderboard', '--demo', '--size', '32', '--epochs', '1', '--runs', '2', '--pretext', pretext,
           '--pretext-epochs', '1', '--arch', 'xresnet18', '--out', str(tmp_path)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    assert '| 32 | 1 | sslwang (random init)' in r.stdout and f'| 32 | 1 | sslwang {pretext}' in r.stdout
    assert ' [' in r.stdout.split(f'sslwang {pretext}')[1].splitlines()[0]          # its paired difference to random init, with an interval
    res = pd.read_csv(tmp_path/'results.csv')
    assert sorted(zip(res.pretext, res.seed)) == sorted([('none', 0), ('none', 1), (pretext, 0), (pretext, 1)])
    assert (tmp_path/'leaderboard-32px.png').exists()

def test_demo_rotation_beats_chance():
    "The demo's glyphs have an up that only their shape tells: rotation prediction learns it from a few hundred of them, above chance (25%)"
    from fastai.vision.all import set_seed
    from sslwang.data import make_demo_imagewang, unsup_dls
    from sslwang.files import temp_folder
    from sslwang.tasks import PRETEXT_LEARNERS
    demo = make_demo_imagewang(temp_folder()/'demo', n_train=2, n_val=1, n_unsup=30)
    set_seed(0)
    dls = unsup_dls(demo, size=32, bs=16, folders=('unsup',), valid_pct=0.25, num_workers=0)
    learn = PRETEXT_LEARNERS['rotation'](dls, arch='xresnet18')
    with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(6, 1e-2)
    accuracy = learn.validate()[1]          # seeds 0–4: 0.39, 0.33, 0.43, 0.33, 0.34 (mean 0.36, sd 0.04); glyphs at random quarter turns (no up): 0.24, red
    assert accuracy > learn.task.chance, accuracy

def test_bad_data_path_is_explained(tmp_path):
    r = subprocess.run(['sslwang-leaderboard', '--data', str(tmp_path/'nowhere'), '--runs', '1'], capture_output=True, text=True)
    assert r.returncode != 0 and 'SSLWANG_DATA' in r.stderr

def test_overlapping_seeds_run_once(tiny, tmp_path):
    "Two commands started together with overlapping --seeds: each seed is run once, by whichever claims it first"
    cmd = ['sslwang-leaderboard', '--data', str(tiny), '--size', '32', '--epochs', '1', '--runs', '3', '--arch', 'xresnet18',
           '--bs', '32', '--out', str(tmp_path)]
    procs = [subprocess.Popen(cmd + ['--seeds', s], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for s in ('0,1', '1,0')]
    outs = [p.communicate() for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-2000:] for o in outs]
    assert sorted(pd.read_csv(tmp_path/'results.csv').seed) == [0, 1]

def test_own_folders_end_to_end(tiny, tmp_path):
    "Your own images: a plain tree of unlabelled images and a labelled folder per class, pretrained on and fine-tuned by the command"
    import shutil
    from sslwang.data import IMAGENETTE_WNIDS
    for i, fn in enumerate(sorted((tiny/'unsup').iterdir())): (tmp_path/'scans'/f'day{i%2}').mkdir(parents=True, exist_ok=True); shutil.copy(fn, tmp_path/'scans'/f'day{i%2}'/f'{i}.jpg')
    for k, wnid in enumerate(sorted(IMAGENETTE_WNIDS)[:3]): shutil.copytree(tiny/'train'/wnid, tmp_path/'labelled'/f'kind {k}')
    out = tmp_path/'out'
    cmd = ['sslwang-leaderboard', '--data', str(tmp_path/'scans'), '--labelled', str(tmp_path/'labelled'), '--size', '32', '--epochs', '1',
           '--runs', '1', '--pretext', 'rotation', '--pretext-epochs', '1', '--arch', 'xresnet18', '--bs', '8', '--out', str(out)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    assert '| 32 | 1 | sslwang rotation' in r.stdout
    res = pd.read_csv(out/'results.csv')
    assert len(res) == 1 and res.data[0] == str((out/'own-imagewang').resolve())
    assert res.top1[0] == res.top1_val_classes[0]                  # every class is in the test split
    assert sorted(p.name for p in (out/'own-imagewang'/'val').iterdir()) == ['kind 0', 'kind 1', 'kind 2']
    assert len(list((out/'own-imagewang'/'unsup').iterdir())) == len(list((tiny/'unsup').iterdir()))
