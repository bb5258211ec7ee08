import torch, pytest
import matplotlib.pyplot as plt
from fastai.vision.all import xresnet18, set_seed
from sslwang.data import unsup_dls, imagewang_dls
from sslwang.transforms import RandomGreyBlur
from sslwang.pretext import RestorationTask, identity_baseline
from sslwang.encoder import save_encoder, load_encoder
from sslwang.downstream import classifier_learner, fit_downstream
from sslwang.tasks import PRETEXT_LEARNERS

@pytest.mark.parametrize('name', list(PRETEXT_LEARNERS))                 # the leaderboard's table: every task there
def test_each_task_trains_saves_and_transfers(name, tiny, tmp_path):
    set_seed(0)
    learn = PRETEXT_LEARNERS[name](unsup_dls(tiny, size=32, bs=16, num_workers=0), arch=xresnet18)   # the GPU proxy's --quick size
    before = learn.validate()
    learn.fit(2, 1e-3)
    after = learn.validate()
    learn.show_batch(max_n=2); learn.show_results(max_n=2); plt.close('all')
    if isinstance(learn.task, RestorationTask): assert after[0] < before[0]     # label tasks: test_label_task_beats_chance
    fn = save_encoder(learn, tmp_path/f'{name}.pth')
    assert load_encoder(fn).meta['task'] == name
    clf = classifier_learner(imagewang_dls(tiny, size=32, bs=16, num_workers=0), fn)    # raises unless the body holds the encoder
    fit_downstream(clf, epochs=1, lr=1e-3)

def _learn_oriented(oriented, name, epochs, bs=16, lr=1e-2, **kwargs):
    set_seed(0)
    dls = unsup_dls(oriented, size=32, bs=bs, folders=('unsup',), valid_pct=0.25, num_workers=0)
    learn = PRETEXT_LEARNERS[name](dls, arch=xresnet18, **kwargs)
    with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(epochs, lr)
    return learn

def test_label_task_beats_chance(oriented):
    "Images brighter at the top tell their rotation: the rotation task must learn it, far above chance (25%)"
    learn = _learn_oriented(oriented, 'rotation', 10)       # 6 epochs: 0.44–0.86 over seeds 0–3; 10: 0.86–1.00
    accuracy = learn.validate()[1]
    assert accuracy > learn.task.chance + 0.35, accuracy

def test_restoration_beats_identity_baseline(oriented):
    "Images of one hue can be coloured back from their grey version: colorization must beat returning its grey input by far"
    learn = _learn_oriented(oriented, 'colorization', 8, bs=8, lr=3e-3)
    after, baseline = learn.validate()[0], identity_baseline(learn)
    assert after < 0.5*baseline, (after, baseline)

def test_greyblur_batch_on_cuda_when_present():
    if not torch.cuda.is_available(): pytest.skip('no GPU')
    x = torch.rand(8, 3, 64, 64, device='cuda')
    y = RandomGreyBlur().corrupt(x)
    assert y.device.type == 'cuda' and (y != x).any()
