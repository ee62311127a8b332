"""Write a CSV of synthetic hiring-pipeline profiles for the batch benchmark.

The mix is invented for timing only (no pay figures): both countries, years with one
decimal from 0 to 30, common city, skill, education and employer names and aliases, some
blank factors, and one row in 1,000 with a mistake so the rejection path is timed too.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys

CITIES = {
    "IN": ["Bengaluru", "bangalore", "hyderabad", "pune", "delhi", "chennai", "mumbai", "", ""],
    "US": ["sf", "seattle", "new york", "boston", "austin", "remote", "", ""],
}
SKILLS = ["nlp", "cv", "genai", "mlops", "deep-learning", "general", "", ""]
EDUCATION = ["ms", "phd", "certification", "", "", ""]
EMPLOYERS = {
    "IN": ["product", "big-tech", "it-services", "", ""],
    "US": ["product", "big-tech", "", ""],
}
MISTAKES = (["XX", "5"], ["IN", "-2"], ["US", "many"])


def main() -> None:
    """Print ``--rows`` profiles (seeded, so every run writes the same file) to stdout."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["country", "years", "city", "skill", "education", "employer"])
    for index in range(args.rows):
        if index % 1000 == 999:
            country, years = MISTAKES[index // 1000 % len(MISTAKES)]
            writer.writerow([country, years, "", "", "", ""])
            continue
        country = "IN" if rng.random() < 0.6 else "US"
        writer.writerow(
            [
                country,
                f"{rng.randint(0, 300) / 10:g}",
                rng.choice(CITIES[country]),
                rng.choice(SKILLS),
                rng.choice(EDUCATION),
                rng.choice(EMPLOYERS[country]),
            ]
        )


if __name__ == "__main__":
    main()
