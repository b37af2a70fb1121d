"""Event coding: the CAMEO codebook, verb patterns, modality and the coder."""
