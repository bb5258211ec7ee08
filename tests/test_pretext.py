import torch, pytest
import matplotlib.pyplot as plt
from fastai.vision.all import xresnet18, set_seed
from sslwang.data import unsup_dls, imagewang_dls
from sslwang.transforms import RandomGreyBlur
from sslwang.pretext import RestorationTask, save_encoder, load_encoder, identity_baseline
from sslwang.downstream import classifier_learner, fit_downstream
from sslwang.leaderboard import PRETEXT_LEARNERS

@pytest.mark.parametrize('name', ['greyblur', 'inpainting', 'colorization', 'superres', 'rotation', 'jigsaw', 'context'])
def test_each_task_trains_saves_and_transfers(name, tiny, tmp_path):
    set_seed(0)
    learn = PRETEXT_LEARNERS[name](unsup_dls(tiny, size=32, bs=16, num_workers=0), arch=xresnet18)
    before = learn.validate()
    learn.fit(2, 1e-3)
    after = learn.validate()
    learn.show_batch(max_n=2); learn.show_results(max_n=2); plt.close('all')
    if isinstance(learn.task, RestorationTask):
        assert after[0] < before[0]
        assert identity_baseline(learn) >= 0
    else:
        assert torch.isfinite(torch.tensor(after[0])) and 0 <= after[1] <= 1 and 0 < learn.task.chance < 1
    fn = save_encoder(learn, tmp_path/f'{name}.pth')
    assert load_encoder(fn).meta['task'] == name
    clf = classifier_learner(imagewang_dls(tiny, size=32, bs=16, num_workers=0), fn)
    fit_downstream(clf, epochs=1, lr=1e-3)
    assert 0 <= clf.validate()[1] <= 1

def test_greyblur_batch_on_cuda_when_present():
    if not torch.cuda.is_available(): pytest.skip('no GPU')
    x = torch.rand(8, 3, 64, 64, device='cuda')
    y = RandomGreyBlur().corrupt(x)
    assert y.device.type == 'cuda' and (y != x).any()
