import torch, pytest
from fastai.vision.all import xresnet18, set_seed
from sslwang.data import unsup_dls, imagewang_dls
from sslwang.transforms import RandomGreyBlur
from sslwang.pretext import PRETEXT_LEARNERS, save_encoder, load_encoder, identity_baseline
from sslwang.downstream import classifier_learner, fit_downstream

@pytest.mark.parametrize('name', ['greyblur', 'inpainting', 'colorization'])
def test_each_task_trains_saves_and_transfers(name, tiny, tmp_path):
    set_seed(0)
    learn = PRETEXT_LEARNERS[name](unsup_dls(tiny, size=32, bs=16, num_workers=0), arch=xresnet18)
    before = learn.validate()[0]
    learn.fit(2, 1e-3)
    assert learn.validate()[0] < before
    assert identity_baseline(learn) >= 0
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
