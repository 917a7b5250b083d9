"""The original lab's traditional service, rewritten for the benchmark's baseline: a small Flask app that
counts words from a positive and a negative list (the same lists as lab.bench.KeywordCount), with the
shared /analyze contract and a /health. Run under gunicorn, as a team would ship it:

    gunicorn -w 2 -b 127.0.0.1:18101 --chdir lab-bench/baseline keyword_flask:app
"""
import re
import time

from flask import Flask, jsonify, request

POSITIVE = {"good", "great", "excellent", "amazing", "wonderful", "fantastic", "love", "best", "happy", "awesome",
            "perfect", "nice", "like", "brilliant", "enjoy"}
NEGATIVE = {"bad", "terrible", "awful", "horrible", "hate", "worst", "poor", "disappointing", "sad", "boring", "ugly",
            "annoying", "waste", "dislike", "broken"}
WORD = re.compile(r"[^\w']+")

app = Flask(__name__)


@app.get("/health")
def health():
    return jsonify(status="UP")


@app.post("/analyze")
def analyze():
    start = time.perf_counter()
    body = request.get_json(silent=True)
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str) or not text.strip():
        return jsonify(error="missing_text", message="send {\"text\": \"...\"}"), 400
    words = WORD.split(text.lower())
    score = sum(w in POSITIVE for w in words) - sum(w in NEGATIVE for w in words)
    sentiment = "POSITIVE" if score > 0 else "NEGATIVE" if score < 0 else "NEUTRAL"
    return jsonify(sentiment=sentiment, score=score, method="keyword-count", model="keyword-count (original lab)",
                   processing_time_ms=(time.perf_counter() - start) * 1000)
