"""Build synood/assets/wordnet-3.0-lexicon.tsv.gz from WordNet 3.0's data files.

The files come from Debian's `wordnet-base` package (`apt-get install wordnet-base`, which installs
/usr/share/wordnet/data.noun and data.adj). Each output row is one (synset, lemma) pair of a noun or
adjective synset: `word  pos  lexname  offset`, where `offset` is the 8-digit synset offset, so an
ImageNet WordNet id is `n` + offset. The file is written reproducibly (gzip mtime 0). WordNet's licence
is copied beside it as WORDNET_LICENSE.

    python tools/build_lexicon.py [--wordnet /usr/share/wordnet]
"""
import argparse, gzip, io, re, shutil
from pathlib import Path

# WordNet's lexicographer files, by number (lexnames(5WN))
LEXNAMES = """adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute noun.body
noun.cognition noun.communication noun.event noun.feeling noun.food noun.group noun.location noun.motive
noun.object noun.person noun.phenomenon noun.plant noun.possession noun.process noun.quantity noun.relation
noun.shape noun.state noun.substance noun.time verb.body verb.change verb.cognition verb.communication
verb.competition verb.consumption verb.contact verb.creation verb.emotion verb.motion verb.perception
verb.possession verb.social verb.stative verb.weather adj.ppl""".split()
ROOT = Path(__file__).resolve().parent.parent

def rows(path: Path, pos: str):
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith("  "): continue            # the licence header
        f = line.split(" ")
        offset, lexnum, n = f[0], int(f[1]), int(f[3], 16)
        for i in range(n):
            word = re.sub(r"\((a|p|ip)\)$", "", f[4 + 2 * i]).replace("_", " ")
            yield word, pos, LEXNAMES[lexnum], offset

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wordnet", default="/usr/share/wordnet")
    args = ap.parse_args()
    wn = Path(args.wordnet)
    out = ROOT/"synood"/"assets"/"wordnet-3.0-lexicon.tsv.gz"
    buf = io.StringIO()
    buf.write("word\tpos\tlexname\toffset\n")
    n = 0
    for pos, name in (("n", "data.noun"), ("a", "data.adj")):
        for r in rows(wn/name, pos): buf.write("\t".join(r) + "\n"); n += 1
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(buf.getvalue().encode("utf-8"))
    lic = Path("/usr/share/doc/wordnet-base/copyright")
    if lic.exists(): shutil.copyfile(lic, ROOT/"synood"/"assets"/"WORDNET_LICENSE")
    print(f"wrote {out} ({n} rows, {out.stat().st_size} bytes)")

if __name__ == "__main__": main()
