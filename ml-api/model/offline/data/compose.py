#!/usr/bin/env python3
"""Composes the offline model's labelled customer-feedback set from phrase lists written for this
project (no sentence comes from a public dataset). Deterministic: the same seed gives the same files.

    /usr/bin/python3 ml-api/model/offline/data/compose.py [OUT_DIR]   # (re)writes train/validation/test.tsv

Each sentence is built from a template family whose label is fixed by construction: plain praise or
complaint, negated opposites ("not bad at all"), contrast where the clause after "but" decides,
intensifiers, mild sarcasm, typos and emoji. 70/15/15 split, stratified by label.
"""
import random
import sys
from pathlib import Path

SEED = 20261127
rng = random.Random(SEED)

THINGS = {
    "product": ["the blender", "this jacket", "the headphones", "my new phone case", "the office chair", "the coffee maker",
                "these running shoes", "the vacuum cleaner", "the desk lamp", "the backpack", "the air fryer", "this mattress",
                "the smartwatch", "the kettle", "the wireless charger", "the winter boots", "the cookware set", "the printer"],
    "delivery": ["the delivery", "the courier", "the parcel", "shipping", "the driver", "the tracking page", "the packaging",
                 "the express option", "the pickup point", "my order"],
    "support": ["the support team", "the agent on the chat", "customer service", "the help desk", "the person on the phone",
                "the returns team", "your support bot", "the technician", "the call centre"],
    "billing": ["the billing page", "my invoice", "the refund process", "the subscription price", "checkout",
                "the payment system", "the monthly plan", "the discount code", "your pricing"],
    "app": ["the app", "the latest update", "the mobile site", "the login screen", "the search feature",
            "the notifications", "the dashboard", "the new design", "the android version", "the iphone app"],
    "streaming": ["the documentary", "the new series", "this film", "the season finale", "the comedy special",
                  "the soundtrack", "the cartoon my kids watched", "the thriller", "the cooking show", "the drama"],
}

POS_ADJ = ["excellent", "great", "fantastic", "reliable", "fast", "friendly", "helpful", "brilliant", "solid", "superb",
           "lovely", "smooth", "impressive", "wonderful", "perfect", "comfortable", "clear", "intuitive", "charming",
           "delightful", "well made", "worth every penny", "a pleasure to use", "exactly what I needed", "top notch",
           "genuinely useful", "beautifully done"]
NEG_ADJ = ["terrible", "awful", "slow", "broken", "useless", "rude", "confusing", "disappointing", "flimsy", "buggy",
           "overpriced", "unreliable", "a waste of money", "frustrating", "painful to use", "poorly made", "cheap and nasty",
           "a complete mess", "unhelpful", "pointless", "clumsy", "a letdown", "a nightmare"]
# Words that only suit some kinds of thing: a film is gripping, a courier is late, a jacket falls apart.
KIND_POS = {"streaming": ["gripping", "funny", "moving", "charming", "beautifully acted", "clever", "heartwarming",
                          "a joy to watch", "fresh and original", "touching"],
            "support": ["patient", "polite", "kind", "knowledgeable"],
            "delivery": ["on time", "early", "careful with the box"],
            "product": ["sturdy", "well built", "durable", "stylish"],
            "app": ["fast", "stable", "easy to navigate"],
            "billing": ["fair", "transparent", "simple"]}
KIND_NEG = {"streaming": ["dull", "boring", "tedious", "predictable", "badly acted", "far too long", "lifeless",
                          "a chore to sit through", "stale and lazy", "forgettable"],
            "support": ["rude", "impossible to reach", "dismissive", "clueless"],
            "delivery": ["late again", "careless", "lost for a week"],
            "product": ["flimsy", "falling apart", "noisy", "cheaply made"],
            "app": ["slow", "riddled with bugs", "laggy", "crashing constantly"],
            "billing": ["overpriced", "a rip-off", "confusing", "full of hidden fees"]}
POS_VERB = ["works perfectly", "arrived early", "solved my problem in minutes", "exceeded my expectations",
            "made my day", "does exactly what it promises", "keeps getting better", "held up really well",
            "was sorted out quickly"]
NEG_VERB = ["stopped working after a week", "arrived damaged", "never solved my problem", "crashes every time I open it",
            "charged me twice", "keeps logging me out", "broke on the first day", "took three weeks to arrive",
            "ignored my emails"]
INTENS = ["really", "very", "extremely", "incredibly", "absolutely", "so", "truly", "seriously", "remarkably"]
POS_CLOSE = ["Highly recommend.", "Will buy again.", "Thank you!", "Five stars.", "Keep it up.", "Love it.",
             "Very happy.", "Great job, team."]
NEG_CLOSE = ["Never again.", "Avoid.", "I want a refund.", "One star.", "Really disappointed.", "Not happy at all.",
             "Cancelling my account.", "Fix this please."]
POS_EMOJI = ["😀", "😍", "👍", "🎉", "🙂", ":)", "❤️", "⭐⭐⭐⭐⭐"]
NEG_EMOJI = ["😡", "👎", "😞", "🙁", ":(", "🤬", "😤", "⭐"]
OPENERS = ["", "", "", "Honestly, ", "Well, ", "To be fair, ", "Update: ", "Just so you know, ", "Overall ", "Ok so "]
NEG_NEGATED = ["not bad at all", "not disappointing in the slightest", "never a problem", "not slow at all",
               "no trouble whatsoever", "not as expensive as I feared", "nothing to complain about"]
POS_NEGATED = ["not great", "not helpful at all", "not worth it", "never reliable", "not what I paid for",
               "no good", "not fast enough", "not easy to use", "hardly working"]
SARCASM = ["Great, {t} crashed again. Just what I needed.", "Oh wonderful, another week waiting for {t}.",
           "Love how {t} takes my money and gives nothing back.", "Fantastic, {t} deleted my settings again.",
           "Brilliant idea to make {t} even slower.", "Thanks for nothing, {t} still does not work.",
           "Sure, {t} is 'premium'. Premium at failing.", "Wow, {t} lasted a whole two days."]


def thing():
    kind = rng.choice(list(THINGS))
    return kind, rng.choice(THINGS[kind])


def adj(kind, positive):
    general, specific = (POS_ADJ, KIND_POS[kind]) if positive else (NEG_ADJ, KIND_NEG[kind])
    return rng.choice(specific if kind == "streaming" or rng.random() < 0.4 else general)


def cap(s):
    return s[0].upper() + s[1:] if s else s


def typo(s):
    """Swaps two neighbouring letters in one longer word, as a hurried writer does."""
    words = s.split(" ")
    idx = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if not idx:
        return s
    i = rng.choice(idx)
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


def plain(label):
    k, t = thing()
    a = adj(k, label)
    verbs = POS_VERB if label else NEG_VERB
    feel = rng.choice(["happy with", "pleased with", "impressed by"] if label else ["unhappy with", "annoyed with", "fed up with"])
    forms = [f"{t} is {a}", f"I am {feel} {t}", f"{t} was {rng.choice(INTENS)} {a}", f"{t} turned out {a}",
             f"{t} was {a}", f"what I can say is that {t} felt {a}"]
    if k != "streaming":
        forms.append(f"{t} {rng.choice(verbs)}")
    return rng.choice(forms)


def negated(label):
    _, t = thing()
    return f"{t} was {rng.choice(NEG_NEGATED if label else POS_NEGATED)}"


def contrast(label):
    ka, a = thing()
    kb, b = thing()
    first = f"{a} was {adj(ka, not label)}"
    second = f"{b} was {adj(kb, label)}"
    joiner = rng.choice([", but ", " but ", ", however ", ". But "])
    return first + joiner + second


def mixed_long(label):
    ka, a = thing()
    kb, b = thing()
    good, bad = adj(kb if label else ka, True), adj(ka if label else kb, False)
    if label:
        return (f"I had my doubts because {a} looked {bad} in the photos, yet after a month {b} has been "
                f"{good} and I would order again")
    return (f"I expected a lot since {a} was {good} last year, yet this time {b} was {bad} and I have "
            f"given up on it")


def sarcasm(label):
    if label:
        return plain(1)
    _, t = thing()
    return rng.choice(SARCASM).format(t=t)


ASPECTS = ["the acting", "the plot", "the script", "the pacing", "the dialogue", "the ending", "the characters",
           "the camera work", "the jokes", "the story", "the lead actor", "the music", "the first episode", "the twist"]
ASPECT_POS = ["sharp", "witty", "heartfelt", "engaging", "beautifully shot", "tense", "well paced", "inventive", "warm",
              "powerful", "memorable", "hilarious", "thoughtful", "stunning", "compelling", "original", "rich",
              "satisfying", "smart", "affecting", "wonderfully strange", "full of life"]
ASPECT_NEG = ["flat", "clumsy", "predictable", "shallow", "sluggish", "messy", "forced", "bland", "cheesy", "overlong",
              "incoherent", "lifeless", "pretentious", "tiresome", "contrived", "painfully slow", "hollow", "uninspired",
              "dreary", "mediocre", "amateurish", "a mess"]
VERDICT_POS = ["worth every minute", "an absolute gem", "one of the best things on the service", "a real treat",
               "something I will recommend to friends", "a pleasant surprise", "time well spent", "easily the highlight of my month"]
VERDICT_NEG = ["a waste of two hours", "a total letdown", "something I turned off halfway", "not worth the subscription",
               "the worst thing I have watched this year", "an insult to the audience", "a chore from start to finish",
               "instantly forgettable"]


def review_aspect(label):
    show = rng.choice(THINGS["streaming"])
    aspect = rng.choice(ASPECTS)
    words = ASPECT_POS if label else ASPECT_NEG
    forms = [f"{aspect} in {show} was {rng.choice(words)}", f"{aspect} of {show} felt {rng.choice(words)}",
             f"{show} has {rng.choice(['a', 'a truly', 'a really'])} {rng.choice(words)} {aspect.replace('the ', '')}",
             f"{aspect} was {rng.choice(words)} and {rng.choice(ASPECTS)} was {rng.choice(words)}"]
    return rng.choice(forms)


def verdict(label):
    show = rng.choice(THINGS["streaming"] + THINGS["product"])
    v = rng.choice(VERDICT_POS if label else VERDICT_NEG)
    forms = [f"{show} is {v}", f"honestly {show} was {v}", f"{v}, that is what {show} is",
             f"even though {rng.choice(ASPECTS)} was {rng.choice(ASPECT_NEG if label else ASPECT_POS)}, {show} is {v}"]
    return rng.choice(forms)


FAMILIES = [plain, plain, plain, negated, contrast, contrast, mixed_long, sarcasm, review_aspect, review_aspect, verdict]


def sentence(label):
    s = rng.choice(FAMILIES)(label)
    s = rng.choice(OPENERS) + s
    s = cap(s.strip())
    if not s.endswith((".", "!", "?")):
        s += rng.choice([".", ".", "!", "!!", ""])
    r = rng.random()
    if r < 0.25:
        s += " " + rng.choice(POS_CLOSE if label else NEG_CLOSE)
    elif r < 0.40:
        s += " " + rng.choice(POS_EMOJI if label else NEG_EMOJI)
    if rng.random() < 0.12:
        s = typo(s)
    if rng.random() < 0.05:
        s = s.lower()
    return s


def main():
    seen = set()
    rows = {0: [], 1: []}
    while min(len(rows[0]), len(rows[1])) < 1500:
        label = rng.randrange(2)
        s = sentence(label)
        if s not in seen and len(rows[label]) < 1500:
            seen.add(s)
            rows[label].append(s)
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    splits = {"train": [], "validation": [], "test": []}
    for label, texts in rows.items():
        rng.shuffle(texts)
        n = len(texts)
        splits["train"] += [(t, label) for t in texts[: int(n * 0.70)]]
        splits["validation"] += [(t, label) for t in texts[int(n * 0.70): int(n * 0.85)]]
        splits["test"] += [(t, label) for t in texts[int(n * 0.85):]]
    for name, data in splits.items():
        rng.shuffle(data)
        with open(out / f"{name}.tsv", "w", encoding="utf-8") as f:
            f.write("text\tlabel\n")
            for t, l in data:
                f.write(f"{t}\t{l}\n")
        print(name, len(data))


if __name__ == "__main__":
    main()
