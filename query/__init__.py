"""Question understanding: what a question names and what it asks, read once for search, calculator and answers."""
