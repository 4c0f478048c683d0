"""Build synood/assets/wordnet-3.0-lexicon.tsv.gz from WordNet 3.0's data files, and the corrections that make its
NegLabel rule give NegLabel's candidate lists exactly (synood/assets/neglabel-pool-corrections.tsv).

The WordNet files come from Debian's `wordnet-base` package (`apt-get install wordnet-base`, which installs
/usr/share/wordnet/data.noun and data.adj). Each output row is one (synset, lemma) pair of a noun or adjective
synset: `word  pos  lexname  offset  lex_id  sstype  opens_cluster`, where `offset` is the 8-digit synset offset
(an ImageNet WordNet id is `n` + offset), `lex_id` the lemma's lexical id in its lexicographer file, `sstype` the
synset type (n, a for an adjective head, s for a satellite) and `opens_cluster` 1 for the adjective head written
first in its cluster (`[{` in the lexicographer file: no antonym head of it comes before it). The file is written
reproducibly (gzip mtime 0). WordNet's licence is copied beside it as WORDNET_LICENSE.

With `--neglabel DIR` (NegLabel's `txtfiles/` folder, from its public repository), the words of NegLabel's lists
that the rule `synood.lexicon.neglabel_wordnet_rule` does not give from WordNet 3.0, and the words it gives that
NegLabel's lists lack, are written, file by file with a reason, to synood/assets/neglabel-pool-corrections.tsv.

    python tools/build_lexicon.py [--wordnet /usr/share/wordnet] [--neglabel PATH/TO/NegLabel/txtfiles]
"""
import argparse, gzip, io, re, shutil, sys
from pathlib import Path

# WordNet's lexicographer files, by number (lexnames(5WN))
LEXNAMES = """adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute noun.body
noun.cognition noun.communication noun.event noun.feeling noun.food noun.group noun.location noun.motive
noun.object noun.person noun.phenomenon noun.plant noun.possession noun.process noun.quantity noun.relation
noun.shape noun.state noun.substance noun.time verb.body verb.change verb.cognition verb.communication
verb.competition verb.consumption verb.contact verb.creation verb.emotion verb.motion verb.perception
verb.possession verb.social verb.stative verb.weather adj.ppl""".split()
ROOT = Path(__file__).resolve().parent.parent
HEADER = ["word", "pos", "lexname", "offset", "lex_id", "sstype", "opens_cluster"]

def synsets(path: Path):
    "(offset, lexname, sstype, [(lemma, lex_id)], [(pointer symbol, offset, pos)]) per synset of a data file."
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith("  "): continue            # the licence header
        f = line.split(" ")
        offset, lexnum, sstype, n = f[0], int(f[1]), f[2], int(f[3], 16)
        lemmas = [(f[4 + 2 * i], int(f[5 + 2 * i], 16)) for i in range(n)]
        k = 4 + 2 * n
        ptrs = [tuple(f[k + 1 + 4 * j:k + 4 + 4 * j]) for j in range(int(f[k]))]
        yield offset, LEXNAMES[lexnum], sstype, lemmas, ptrs

def rows(path: Path, pos: str):
    ss = list(synsets(path))
    heads = {o for o, _, t, _, _ in ss if t == "a"}
    for offset, lexname, sstype, lemmas, ptrs in ss:
        # an adjective cluster's first head: no antonym head of it is written (numbered) before it
        opens = sstype == "a" and not any(s == "!" and p == "a" and o in heads and o < offset for s, o, p in ptrs)
        for word, lex_id in lemmas:
            word = re.sub(r"\((a|p|ip)\)$", "", word).replace("_", " ")
            yield word, pos, lexname, offset, str(lex_id), sstype, str(int(opens))

def corrections(txtfiles: Path, out: Path):
    "Compare the rule's lists with NegLabel's file by file; write what differs, with a reason."
    sys.path.insert(0, str(ROOT))
    from synood.lexicon import neglabel_wordnet_rule
    rule = neglabel_wordnet_rule()
    lines, plain = ["file\tword\tchange\treason"], lambda w: w.replace('"', "").lstrip("[")
    for name, words in rule.items():
        theirs = {w for w in (txtfiles/f"{name}.txt").read_text(encoding="utf-8").split("\n") if w}
        ours = set(words)
        plain_ours, plain_theirs = {plain(w) for w in ours}, {plain(w) for w in theirs}
        for w in sorted(theirs - ours):
            why = ("written another way in the lexicographer file ('[' or '\"' kept)" if plain(w) in plain_ours else
                   "not a WordNet 3.0 first lemma of this file: WordNet 3.1 added or renamed it")
            lines.append(f"{name}\t{w}\t+\t{why}")
        for w in sorted(ours - theirs):
            why = ("written another way in NegLabel's list ('[' or '\"' kept)" if plain(w) in plain_theirs else
                   "a WordNet 3.0 first lemma that NegLabel's list (WordNet 3.1) lacks")
            lines.append(f"{name}\t{w}\t-\t{why}")
        print(f"{name:22s} NegLabel {len(theirs):6d}  rule {len(ours):6d}  only NegLabel {len(theirs - ours):4d}  only rule {len(ours - theirs):4d}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(lines) - 1} corrections)")

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wordnet", default="/usr/share/wordnet")
    ap.add_argument("--neglabel", default=None, help="NegLabel's txtfiles/ folder: write the corrections file")
    args = ap.parse_args()
    wn = Path(args.wordnet)
    out = ROOT/"synood"/"assets"/"wordnet-3.0-lexicon.tsv.gz"
    buf = io.StringIO()
    buf.write("\t".join(HEADER) + "\n")
    n = 0
    for pos, name in (("n", "data.noun"), ("a", "data.adj")):
        for r in rows(wn/name, pos): buf.write("\t".join(r) + "\n"); n += 1
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(buf.getvalue().encode("utf-8"))
    lic = Path("/usr/share/doc/wordnet-base/copyright")
    if lic.exists(): shutil.copyfile(lic, ROOT/"synood"/"assets"/"WORDNET_LICENSE")
    print(f"wrote {out} ({n} rows, {out.stat().st_size} bytes)")
    if args.neglabel: corrections(Path(args.neglabel), ROOT/"synood"/"assets"/"neglabel-pool-corrections.tsv")

if __name__ == "__main__": main()
