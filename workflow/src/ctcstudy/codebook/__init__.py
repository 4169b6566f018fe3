"""The study's instruments as data: the leader questionnaire's items and the organization panel's variables."""
