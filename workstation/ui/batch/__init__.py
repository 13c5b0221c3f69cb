"""Batch Review's pieces: the batches and documents tables, the examination panel with its typed
fields, checklist and reasons, the decision prompts, the quality check and the close."""
