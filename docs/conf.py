"""Sphinx configuration of the docs site. The sources are generated: `python tools/docs.py build` writes them from
nbs/ (tools/nbs2docs.py) into docs/_build/src and runs Sphinx on them with this file. Nothing is executed."""
import configparser
from pathlib import Path

here = Path(__file__).resolve().parent
cfg = configparser.ConfigParser(interpolation=None)
cfg.read(here.parent/'settings.ini', encoding='utf-8')
ini = cfg['DEFAULT']

project = ini['title']
author = ini['author']
copyright = ini['copyright']
release = version = ini['version']

extensions = ['myst_nb', 'sphinx.ext.mathjax']
exclude_patterns = ['_build', '**.ipynb_checkpoints']

nb_execution_mode = 'off'                 # the committed outputs are the outputs
nb_merge_streams = True
nb_render_markdown_format = 'myst'       # Markdown outputs (the lessons' result tables) with MyST's tables, not bare CommonMark
nb_code_prompt_show = 'Show the code'
nb_code_prompt_hide = 'Hide the code'
myst_enable_extensions = ['dollarmath', 'amsmath', 'colon_fence', 'fieldlist', 'smartquotes']
myst_heading_anchors = 3
default_role = 'code'                     # nbdev docstrings are Markdown: `x` is code, not a reST reference
add_module_names = False                  # `unsup_dls(...)`, not `sslwang.data.unsup_dls(...)`
toc_object_entries_show_parents = 'hide'
python_display_short_literal_types = True

html_theme = 'sphinx_book_theme'
html_title = project
html_static_path = ['_static']
html_css_files = ['sslwang.css']
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False
html_baseurl = ini.get('doc_host', '').rstrip('/') + ini.get('doc_baseurl', '') + '/'
html_theme_options = {
    'repository_url': ini['git_url'],
    'repository_branch': ini.get('branch', 'main'),
    'path_to_docs': ini.get('nbs_path', 'nbs'),
    'use_repository_button': True,
    'use_download_button': False,
    'launch_buttons': {'colab_url': 'https://colab.research.google.com'},
    'show_toc_level': 2,
    'home_page_in_toc': True,
}

# MathJax from the build folder when `tools/docs.py build` could fetch it (npm), so that the math needs no network;
# otherwise Sphinx's default, from a CDN.
mathjax = here/'_build'/'mathjax'
if (mathjax/'mathjax'/'tex-mml-chtml.js').exists():
    html_static_path.append(str(mathjax.relative_to(here)))
    mathjax_path = 'mathjax/tex-mml-chtml.js'
    mathjax4_config = {'loader': {'paths': {'fonts': '[mathjax]/fonts'}}}
