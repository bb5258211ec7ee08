"One epoch of pretext tasks on real Image网: loss before and after, beside the identity baseline (restoration) or chance (label tasks)."
from fastai.vision.all import *
from sslwang.data import unsup_dls
from sslwang.pretext import RestorationTask, identity_baseline
from sslwang.encoder import save_encoder, arch_by_name
from sslwang.cli import command
from sslwang.tasks import PRETEXT_LEARNERS  # the table of every pretext task
from sslwang.leaderboard import pretext_setting

@command
def main(data:str='../shared/data/imagewang-64', # Image网 folder
         size:int=64, # image size
         bs:int=64, # batch size
         arch:str='xresnet18', # encoder arch
         epochs:int=1, # pretext epochs
         lr:float=3e-3, # learning rate (one cycle)
         tasks:str='greyblur,inpainting,colorization', # tasks to run, comma-separated
         out:str='results'): # leaderboard folder: encoders go to its cache (`sslwang-leaderboard --out` reuses them), pictures to out/pretext
    pictures = Path(out)/'pretext'; pictures.mkdir(parents=True, exist_ok=True)
    for name in tasks.split(','):
        set_seed(0)
        dls = unsup_dls(data, size=size, bs=bs)
        learn = PRETEXT_LEARNERS[name](dls, arch=arch_by_name(arch))
        restoration = isinstance(learn.task, RestorationTask)
        before, baseline = learn.validate(), identity_baseline(learn) if restoration else learn.task.chance
        start = time.time()
        learn.fit_one_cycle(epochs, lr)
        secs = time.time()-start
        learn.recorder.plot_loss(); plt.savefig(pictures/f'{name}_loss.png', bbox_inches='tight'); plt.close('all')  # before validate() resets the recorder
        after = learn.validate()
        save_encoder(learn, pretext_setting(pretext=name, arch=arch, size=size, pretext_bs=bs, pretext_epochs=epochs, pretext_lr=lr).encoder_file(out))
        learn.show_results(max_n=6); plt.savefig(pictures/f'{name}_results.png', bbox_inches='tight'); plt.close('all')
        print(f'RESULT {name}: {len(dls.train_ds)} train / {len(dls.valid_ds)} valid images, {arch}, {size}px, {epochs} epoch(s) '
              f'in {secs/60:.1f} min; ' + (f'valid MSE before {before[0]:.5f}, after {after[0]:.5f}, identity baseline {baseline:.5f}' if restoration else
              f'valid loss before {before[0]:.4f}, after {after[0]:.4f}; accuracy before {before[1]:.4f}, after {after[1]:.4f}, chance {baseline:.4f}'), flush=True)
