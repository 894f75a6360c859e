"""Reusable UI pieces: data loading, the shared filter bar, pure chart builders, downloads."""
