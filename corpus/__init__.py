"""The five regulations as clean, citable clauses."""
