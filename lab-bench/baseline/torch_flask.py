"""ml-api's Python peer, written for `lab-bench compare --service ml`: a Flask app serving the same
TorchScript file (a model directory as ml-api loads it with MODEL_URI=DIR: one *.pt traced on
(input_ids, attention_mask), tokenizer.json with a WordPiece vocabulary, config.json with id2label), the
way a team would ship it: torch.jit.load at start, WordPiece tokenisation in Python, one request at a time
per thread, under gunicorn with one worker and 16 threads and torch on 2 intra-op threads:

    MODEL_DIR=/tmp/distilbert-size OPENBLAS_NUM_THREADS=1 gunicorn -w 1 -k gthread --threads 16 \
        -b 127.0.0.1:18102 --chdir lab-bench/baseline torch_flask:app

Debian's python3-torch calls whatever libblas.so.3 the system provides: the reference BLAS unless
libopenblas0-pthread is installed, and then a forward pass of a DistilBERT-size model takes ~600 ms
instead of ~45 ms. /ready says which BLAS was loaded, and lab-bench refuses to compare against the
reference one. OpenBLAS keeps to one thread (OPENBLAS_NUM_THREADS=1): its own threads beside torch's
two made every pass 1.5-5x slower here.
"""
import glob
import json
import os
import time
import unicodedata

import torch
from flask import Flask, jsonify, request

MODEL_DIR = os.environ["MODEL_DIR"]
MAX_TOKENS = int(os.environ.get("MAX_TOKENS", "512"))
torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "2")))


class WordPiece:
    """BERT's uncased tokenisation: lower case, accents off, split on spaces and punctuation, then the
    longest vocabulary pieces from the left, continuations prefixed with ##."""

    def __init__(self, vocab):
        self.vocab = vocab
        self.unk = vocab["[UNK]"]
        self.cls = vocab["[CLS]"]
        self.sep = vocab["[SEP]"]

    @staticmethod
    def _punctuation(ch):
        cp = ord(ch)
        if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
            return True
        return unicodedata.category(ch).startswith("P")

    def _words(self, text):
        text = unicodedata.normalize("NFD", text.lower())
        words, current = [], []
        for ch in text:
            if unicodedata.category(ch) == "Mn":
                continue
            if ch.isspace():
                if current:
                    words.append("".join(current))
                    current = []
            elif self._punctuation(ch):
                if current:
                    words.append("".join(current))
                    current = []
                words.append(ch)
            else:
                current.append(ch)
        if current:
            words.append("".join(current))
        return words

    def _pieces(self, word):
        if len(word) > 100:
            return [self.unk]
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            pieces.append(found)
            start = end
        return pieces

    def encode(self, text):
        ids = [self.cls]
        for word in self._words(text):
            ids.extend(self._pieces(word))
        return ids[:MAX_TOKENS - 1] + [self.sep]


started = time.perf_counter()
with open(os.path.join(MODEL_DIR, "tokenizer.json"), encoding="utf-8") as f:
    TOKENIZER = WordPiece(json.load(f)["model"]["vocab"])
with open(os.path.join(MODEL_DIR, "config.json"), encoding="utf-8") as f:
    LABELS = {int(k): v for k, v in json.load(f)["id2label"].items()}
MODEL = torch.jit.load(sorted(glob.glob(os.path.join(MODEL_DIR, "*.pt")))[0]).eval()
LOADED_S = time.perf_counter() - started


def blas():
    """The BLAS library this process loaded (the system's libblas.so.3 is an alternative)."""
    with open("/proc/self/maps", encoding="utf-8") as maps:
        libs = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    for name in ("openblas", "mkl", "blis", "atlas"):
        if any(name in lib for lib in libs):
            return name
    return "reference" if libs else "none found"


BLAS = blas()

app = Flask(__name__)


@app.get("/health")
def health():
    return jsonify(status="UP")


@app.get("/ready")
def ready():
    return jsonify(status="READY", load_s=round(LOADED_S, 3), blas=BLAS, torch=torch.__version__)


@app.post("/analyze")
def analyze():
    t0 = time.perf_counter()
    body = request.get_json(silent=True)
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str) or not text.strip():
        return jsonify(error="invalid_request", message="'text' must be a non-empty string"), 400
    ids = torch.tensor([TOKENIZER.encode(text)], dtype=torch.int64)
    mask = torch.ones_like(ids)
    with torch.inference_mode():
        out = MODEL(ids, mask)
    logits = out["logits"] if isinstance(out, dict) else out[0]
    probs = torch.softmax(logits[0], dim=-1)
    best = int(torch.argmax(probs))
    return jsonify(label=LABELS[best], score=round(float(probs[best]), 4), tokens=int(ids.shape[1]),
                   latency_ms=round((time.perf_counter() - t0) * 1000, 3))
