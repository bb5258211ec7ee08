"""Spread over seeds 0–4 of the view methods lesson tests (22_moco, 23_byol, 24_swav): partner accuracy of the encoder before and after
each lesson's run, measured on one validation batch with 5 draws of views (the old measure) and on every validation image with 25.

    python bench/partner_margins.py moco      # or byol, swav; prints one RESULT line per seed
"""
import sys, numpy as np, torch
from fastai.vision.all import *
from sslwang.data import make_tiny_imagewang, unsup_dls
from sslwang.files import temp_folder
from sslwang.views import partner_accuracy, partner_targets, RandomViews
from sslwang.downstream import RepresentationMonitor
from sslwang.moco import moco_learner
from sslwang.byol import byol_learner
from sslwang.swav import swav_learner

def fpa(learn, seeds, whole):
    x = torch.cat([b[0] for b in learn.dls.valid]) if whole else learn.dls.valid.one_batch()[0]
    x, m, accs = x.as_subclass(Tensor), learn.model.eval(), []
    for s in seeds:
        set_seed(s); v = learn.task.view_batch(x)
        with torch.no_grad(): accs.append(float(partner_accuracy(m[1](m[0](v)), partner_targets(len(x)))))
    return np.mean(accs)

data = make_tiny_imagewang(temp_folder()/'tiny', n_train=8, n_unsup=8, size=48)
method = sys.argv[1]
for seed in range(5):
    set_seed(seed)
    dls = unsup_dls(data, size=32, bs=32, num_workers=0, valid_pct=0.2)
    monitor = RepresentationMonitor.from_folder(data, size=32)
    if method == 'moco': learn, ep = moco_learner(dls, arch='xresnet18', queue_size=256, cbs=monitor), 20
    if method == 'byol': learn, ep = byol_learner(dls, arch='xresnet18', cbs=monitor), 20
    if method == 'swav': learn, ep = swav_learner(dls, RandomViews(min_scale=0.14, p_blur=0.5, n_small=4, small_size=20), n_prototypes=32, arch='xresnet18', cbs=monitor), 12
    b5, b25 = fpa(learn, range(5), False), fpa(learn, range(25), True)
    set_seed(seed)
    with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(ep, 3e-3)
    a5, a25 = fpa(learn, range(5), False), fpa(learn, range(25), True)
    print(f'RESULT {method} seed {seed}: one batch x5 draws {b5:.3f} -> {a5:.3f} (+{a5-b5:.3f}); all valid x25 draws {b25:.3f} -> {a25:.3f} (+{a25-b25:.3f})', flush=True)
