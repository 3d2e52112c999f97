"""Training: labelled data in, a fitted ParagraphClassifier with its card and figures out.

Uses `classifier`'s features and model format; `classifier` never imports this package.
"""
