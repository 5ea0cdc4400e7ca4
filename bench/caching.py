"""Chapter 2: request-time percentiles of cache-aside against background fill, same traffic."""

from bench.report import Row
from forum.models import Comment
from forum.seeding import SIZES
from workbench.traffic import PERCENTILES, simulate

CHAPTER = "02 background-fill cache"
REQUESTS = 1000


def rows(repeat):
    # The target is about the default dataset: on a smaller one, no author is slow to compute.
    on_target = Comment.objects.count() >= SIZES["workshop"].comments
    traffic = simulate(["cache-aside", "background fill"], requests=REQUESTS, progress=False)
    aside, filled = traffic
    case = f"{REQUESTS} author cards, cache-aside vs background fill"
    return [
        Row(CHAPTER, f"{case}, p{p}", "ms", aside.percentile(p), filled.percentile(p),
            target=10 if p == 99 and on_target else None)
        for p in PERCENTILES
    ]  # fmt: skip
