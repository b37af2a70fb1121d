"""Training, evaluation and listing of the shipped language models."""

from lagebild.train.catalog import list_models
from lagebild.train.evaluation import evaluate_language
from lagebild.train.recipes import train_language

__all__ = ["evaluate_language", "list_models", "train_language"]
