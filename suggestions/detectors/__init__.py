"""One module per kind of thing to check; `suggestions.finder.find` runs them all. Pure Python, no Django.

- `numbers.py`: quantities, percentages, money, dates and durations;
- `comparisons.py`: comparatives with their standard, superlatives, firsts and changes without a figure;
- `quotes.py`: quoted speech with its attribution and speaker;
- `names.py`: names spelt two ways, or one letter away from a known name;
- `finding.py`: the `Finding` each of them returns, and the kind names.
"""
