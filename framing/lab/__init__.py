"""Measuring framing: public labelled datasets and the evaluations run on them."""
