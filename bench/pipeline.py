"""Images per second from a folder of JPEGs to a ready pretext batch, at 64 and 128 px, 2 workers, in one run:
(a) bare JPEG decoding in 2 processes (PIL, torchvision); (b) sslwang's pretext path, and its CPU part alone (what the
CPU does when a GPU is the device); (c) RandomGreyBlur as a per-item PIL transform in a fastai DataBlock; (d) fastai's
plain DataBlock with RandomResizedCrop and no corruption; (e) two views of every image as the contrastive methods
make them, `RandomViews` batch-wise after sslwang's loader; (f) the same two views made per item with torchvision's
PIL transforms, as most SSL code does. At 128 px, (a) and (b) again from a copy presized to 128 px."""
import random, time
from multiprocessing import Pool
from fastai.vision.all import *
from torchvision.io import decode_jpeg, read_file, ImageReadMode
from sslwang.cli import command
from sslwang.data import presize_images
from sslwang.files import temp_folder
from sslwang.images import SquareImageBlock, LoadImage
from sslwang.transforms import RandomGreyBlur, PILImageInput
from sslwang.views import RandomViews
import torchvision.transforms as T

def _decode_pil(fn): return np.asarray(Image.open(fn).convert('RGB')).shape[0]
def _decode_tv(fn): return decode_jpeg(read_file(str(fn)), mode=ImageReadMode.RGB).shape[1]

def take(files, n):
    "`n` of `files`: a fixed random sample, or the list looped when it is shorter"
    return L(random.Random(0).sample(list(files), n) if len(files) >= n else (list(files)*(n//len(files)+1))[:n])

def bare_decoding(files, decode, workers=2):
    "(a) img/s decoding `files` in `workers` processes, nothing else"
    with Pool(workers) as pool:
        pool.map(decode, files[:workers*8])              # start the workers
        start = time.perf_counter(); pool.map(decode, files, chunksize=64)
    return len(files)/(time.perf_counter()-start)

def loader_speed(dl, per_batch=noop, n_batches=None):
    "img/s of iterating `dl` (after one warm-up batch), running `per_batch` on each batch"
    it, n = iter(dl), 0
    per_batch(next(it))
    start = time.perf_counter()
    for i, b in enumerate(it):
        per_batch(b); n += len(b[0])
        if n_batches and i+1 >= n_batches: break
    if torch.cuda.is_available(): torch.cuda.synchronize()     # the device work of the last batches counts too
    return n/(time.perf_counter()-start)

def square_loader(files, block, bs, workers):
    "A training `DataLoader` over `files` with the one `block`, every file once"
    return DataBlock(blocks=(block,), splitter=lambda o: (L(range(len(o))), L())).dataloaders(files, bs=bs, num_workers=workers).train

def sslwang_path(files, size, bs, workers):
    "(b) decode + fixed-size crop in workers, batch to the device, RandomGreyBlur batch-wise → (input, target)"
    grey_blur = RandomGreyBlur()
    return loader_speed(square_loader(files, SquareImageBlock(size), bs, workers), lambda b: (grey_blur.corrupt(b[0].as_subclass(Tensor)), b[0]))

def sslwang_cpu_part(files, size, bs, workers):
    "(b, CPU part) what of (b) stays on the CPU when the device is a GPU: decode + crop in workers, uint8 batches"
    return loader_speed(square_loader(files, TransformBlock(type_tfms=LoadImage(size)), bs, workers))

def per_item_path(files, size, bs, workers):
    "(c) the straightforward fastai way: RandomGreyBlur as a per-item PIL transform in a DataBlock"
    dblock = DataBlock(blocks=(ImageBlock(PILImageInput), ImageBlock), splitter=lambda o: (L(range(len(o))), L()),
                       item_tfms=[Resize(size), RandomGreyBlur()])
    return loader_speed(dblock.dataloaders(files, bs=bs, num_workers=workers).train)

def plain_fastai(files, size, bs, workers):
    "(d) fastai's plain DataBlock: RandomResizedCrop per item, no corruption"
    dblock = DataBlock(blocks=(ImageBlock,), splitter=lambda o: (L(range(len(o))), L()), item_tfms=RandomResizedCrop(size))
    return loader_speed(dblock.dataloaders(files, bs=bs, num_workers=workers).train)

def views_path(files, size, bs, workers):
    "(e) sslwang's loader, then two `RandomViews` views of every image batch-wise on the device"
    views = RandomViews()
    return loader_speed(square_loader(files, SquareImageBlock(size), bs, workers), lambda b: views.views(b[0].as_subclass(Tensor)))

class TwoViewsPerItem(torch.utils.data.Dataset):
    "(f) each file decoded with PIL and turned into two views by torchvision's per-item transforms (SimCLR's recipe)"
    def __init__(self, files, size):
        self.files = files
        self.tfm = T.Compose([T.RandomResizedCrop(size, scale=(0.08, 1)), T.RandomHorizontalFlip(),
                              T.RandomApply([T.ColorJitter(0.4, 0.4, 0.4, 0.1)], p=0.8), T.RandomGrayscale(0.2), T.ToTensor()])
    def __len__(self): return len(self.files)
    def __getitem__(self, i):
        im = Image.open(self.files[i]).convert('RGB')
        return self.tfm(im), self.tfm(im)

def views_per_item(files, size, bs, workers):
    "(f) two views per item in the workers, then batched"
    return loader_speed(torch.utils.data.DataLoader(TwoViewsPerItem(files, size), bs, shuffle=True, num_workers=workers))

@command
def main(data64:str='../shared/data/imagewang-64', # Image网 at 64 px (for the 64 px figures)
         sample:str='../shared/data/imagewang-160-sample', # Image网-160 sample, looped (for the 128 px figures)
         n:int=6000, # images per measurement
         bs:int=64, # batch size
         workers:int=2, # worker processes
         quick:bool=False): # a run under 60 seconds
    if quick: n = 1000
    torch.set_num_threads(1)      # the main process is one of the two cores' users; the workers decode
    sources = {64: get_image_files(data64, folders=['train', 'unsup']), 128: get_image_files(sample, folders=['train', 'unsup'])}
    ratios = {}
    for size, files in sources.items():
        files = take(files, n)
        r = dict(a_pil=bare_decoding(files, _decode_pil, workers), a_torchvision=bare_decoding(files, _decode_tv, workers),
                 b_sslwang=sslwang_path(files, size, bs, workers), b_cpu_part=sslwang_cpu_part(files, size, bs, workers),
                 c_per_item=per_item_path(files, size, bs, workers), d_fastai=plain_fastai(files, size, bs, workers),
                 e_views=views_path(files, size, bs, workers), f_views_per_item=views_per_item(files, size, bs, workers))
        print(f'{size}px, {len(files)} images, {workers} workers: ' + ', '.join(f'{k} {v:,.0f} img/s' for k, v in r.items()), flush=True)
        ratios[size] = r
    copy = presize_images(sample, 128, dest=temp_folder()/'sample-128px', folders=('train', 'unsup'))
    files = take(get_image_files(copy), n)
    presized = dict(a_torchvision=bare_decoding(files, _decode_tv, workers), b_sslwang=sslwang_path(files, 128, bs, workers),
                    b_cpu_part=sslwang_cpu_part(files, 128, bs, workers))
    print(f'128px from a copy presized to 128 px (`presize_images`): ' + ', '.join(f'{k} {v:,.0f} img/s' for k, v in presized.items()), flush=True)
    r = ratios[128]
    a = max(r['a_pil'], r['a_torchvision'])
    print(f"RATIO pipeline_vs_per_item {r['b_sslwang']/r['c_per_item']:.2f}")
    for size in ratios: print(f"RATIO views_vs_per_item_{size}px {ratios[size]['e_views']/ratios[size]['f_views_per_item']:.2f}")
    print(f"RATIO pipeline_vs_fastai {r['b_sslwang']/r['d_fastai']:.2f}")
    print(f"RATIO pipeline_vs_decode {r['b_sslwang']/a:.2f}")
    print(f"RATIO pipeline_presized_vs_decode {presized['b_sslwang']/a:.2f}")
    print(f"(against bare decoding of the 160 px files, the CPU part alone, which is all the CPU does where a GPU is the device: "
          f"{r['b_cpu_part']/a:.2f} from the 160 px files, {presized['b_cpu_part']/a:.2f} from the presized copy)")
